import { strict as assert } from 'node:assert';
import { WorkOrderClient, WorkOrderError } from '../../../bridge/history/work-order-client.js';
import { WorkOrderServer } from './work-order-server.js';

describe('WorkOrderClient', () => {
  let server: WorkOrderServer;
  let base: string;
  beforeEach(async () => {
    server = new WorkOrderServer();
    base = await server.start();
  });
  afterEach(() => server.stop());

  async function failure(client: WorkOrderClient): Promise<WorkOrderError> {
    try {
      await client.ticketsFor('13812341234');
    } catch (err) {
      assert.ok(err instanceof WorkOrderError);
      return err;
    }
    assert.fail('expected the lookup to fail');
  }

  it('asks GET {baseUrl}/tickets?caller=… and validates the tickets', async () => {
    server.behaviour = {
      kind: 'json',
      body: [
        { number: 'HK202511200001', category: 'noise', place: '海口市龙华区', status: 'in-progress', dueAt: '2025-11-25T18:00:00+08:00', dissatisfiedCount: 2 },
        { number: 'HK202510010002', category: 'housing', status: 'closed', createdAt: 1_760_000_000_000 },
      ],
    };
    const tickets = await new WorkOrderClient({ baseUrl: base }).ticketsFor('13812341234');
    assert.equal(server.requests[0]?.pathname, '/api/tickets');
    assert.equal(server.requests[0]?.searchParams.get('caller'), '13812341234');
    assert.deepEqual(tickets[0], {
      number: 'HK202511200001',
      category: 'noise',
      place: '海口市龙华区',
      status: 'in-progress',
      createdAt: null,
      dueAt: Date.parse('2025-11-25T10:00:00Z'),
      dissatisfiedCount: 2,
      repeatComplaint: false,
    });
    assert.equal(tickets[1]?.dissatisfiedCount, 0);
    assert.equal(tickets[1]?.createdAt, 1_760_000_000_000);
  });

  it('accepts the { tickets: [...] } envelope too', async () => {
    server.behaviour = { kind: 'json', body: { tickets: [{ number: 'A1', category: 'utilities', status: 'registered' }] } };
    assert.deepEqual((await new WorkOrderClient({ baseUrl: base }).ticketsFor('1')).map((t) => t.number), ['A1']);
  });

  it('gives up after its timeout when the system sleeps', async () => {
    server.behaviour = { kind: 'sleep', ms: 5000 };
    assert.equal((await failure(new WorkOrderClient({ baseUrl: base, timeoutMs: 50 }))).reason, 'timeout');
  });

  it('fails on HTTP errors, garbage and tickets that do not validate', async () => {
    const client = new WorkOrderClient({ baseUrl: base });
    server.behaviour = { kind: 'json', status: 500, body: { error: 'boom' } };
    assert.equal((await failure(client)).reason, 'http');
    server.behaviour = { kind: 'raw', body: '<html>gateway</html>' };
    assert.equal((await failure(client)).reason, 'invalid-body');
    server.behaviour = { kind: 'json', body: [{ number: '', category: 'x' }] };
    assert.equal((await failure(client)).reason, 'invalid-body');
  });

  it('fails as unreachable when nothing listens', async () => {
    await server.stop();
    const reason = (await failure(new WorkOrderClient({ baseUrl: base, timeoutMs: 2000 }))).reason;
    server = new WorkOrderServer(); // afterEach stops a running one
    await server.start();
    assert.equal(reason, 'network');
  });
});

import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { createAuth } from '../../../bridge/auth/index.js';
import { SeatState } from '../../../bridge/calls/call-center-api.js';
import { hubConfig } from './support/hub-config.js';
import { ask, FAST_SCRYPT, next, startHarness, until, type Harness } from './support/hub-harness.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Active/standby at the hub: instance A's call centre is attached (the active bridge), instance B's is not
 * (a standby). B's desktops are served by A through the Redis Streams adapter; when A lets go and B takes
 * over, B's desktops carry on with B's picture. Needs the Redis at 127.0.0.1:6379.
 */
describe('hub: a standby bridge serves its desktops through the active one', function () {
  this.timeout(20_000);
  const streamName = `hotline-test:${process.pid}:${randomBytes(6).toString('hex')}`;
  let a: Harness;
  let b: Harness;

  before(async () => {
    const config = hubConfig();
    const auth = createAuth(config, { labMode: true, seedHashParams: FAST_SCRYPT });
    a = await startHarness({ config, auth, hub: { redisUrl: REDIS_URL, redisStreamName: streamName } });
    b = await startHarness({ config, auth, hub: { redisUrl: REDIS_URL, redisStreamName: streamName } });
    b.hub.detach(); // B is the standby
    // Let the two adapters hear each other's heartbeat.
    await new Promise((r) => setTimeout(r, 1200));
  });

  after(async () => {
    await a?.close();
    await b?.close();
    const c = createClient({ url: REDIS_URL });
    await c.connect();
    await c.del(streamName);
    await c.disconnect();
  });

  it("a desktop on the standby gets the active bridge's snapshot, and its commands act on the active call centre", async () => {
    a.callCenter.setCentreMode('lead1', 'home', '台风', 'typhoon');
    const agent = await b.connect('A01');
    assert.equal(agent.snapshot.centre.mode, 'home', "the snapshot is A's picture");
    await until('A logs the seat in for the desktop on B', () => a.callCenter.seat('A01')?.attended);
    const r = await ask(agent.socket, 'seat:not-ready', { reason: 'meal' });
    assert.ok(r.ok, JSON.stringify(r.error));
    assert.equal(a.callCenter.seat('A01')?.state, SeatState.NotReady);
    assert.notEqual(b.callCenter.seat('A01')?.state, SeatState.NotReady, "the standby's own call centre is not touched");
    assert.equal(b.callCenter.seat('A01')?.attended, false);
    const refused = await ask(agent.socket, 'call:hold', { callId: 'nope' });
    assert.equal(refused.error?.code, 'not-found', 'refusals come back from the active bridge as they are');
    const lead = await b.connect('lead1');
    const page = await ask(lead.socket, 'lead:audit', { limit: 5 });
    assert.ok(page.ok);
  });

  it('REST-style reads on the standby are answered by the active bridge', async () => {
    const wb = await b.hub.query({ kind: 'wallboard' });
    assert.equal(wb.centreMode, 'home');
  });

  it('with no active bridge a command is refused as unavailable; after the take-over the desktop gets the new picture', async () => {
    const agent = await b.connect('A02');
    a.hub.detach(); // A fenced / gone: nobody is active
    const r = await ask(agent.socket, 'seat:not-ready', { reason: 'meal' });
    assert.equal(r.error?.code, 'unavailable');
    const fresh = next(agent.socket, 'snapshot', (s) => s.centre.mode === 'office');
    await b.hub.attach({ callCenter: b.callCenter, pop: b.pop });
    await fresh;
    await until('B logs in the seat whose desktop is connected', () => b.callCenter.seat('A02')?.attended);
    assert.ok((await ask(agent.socket, 'seat:not-ready', { reason: 'meal' })).ok);
    assert.equal(b.callCenter.seat('A02')?.state, SeatState.NotReady);
  });
});

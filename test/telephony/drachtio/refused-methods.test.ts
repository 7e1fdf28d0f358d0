import assert from 'node:assert/strict';
import { getHeader } from '../../../fixtures/doubles/sip-message.js';
import { noLeaks, startRig, type Rig } from './rig.js';

describe('drachtio adapter: SIP methods the product does not serve', function () {
  let rig: Rig;
  before(async () => {
    rig = await startRig();
  });
  after(async () => {
    await rig.stop();
  });

  for (const method of ['MESSAGE', 'SUBSCRIBE', 'REGISTER', 'PUBLISH', 'NOTIFY', 'REFER', 'INFO']) {
    it(`refuses an out-of-dialog ${method} with 405 and an Allow header`, async () => {
      const res = await rig.drachtio.request(method, { body: method === 'MESSAGE' ? 'hello' : '' });
      assert.equal(res.status, 405);
      assert.match(getHeader(res, 'Allow') ?? '', /INVITE/);
    });
  }

  it('answers OPTIONS (keep-alive pings from the SBC) with 200', async () => {
    const res = await rig.drachtio.request('OPTIONS');
    assert.equal(res.status, 200);
  });

  it('answers a BYE for an unknown dialog with 481', async () => {
    const res = await rig.drachtio.request('BYE');
    assert.equal(res.status, 481);
  });

  it('registers routes for everything it refuses, so drachtio hands them over', () => {
    const routes = rig.drachtio.routes();
    for (const m of ['invite', 'options', 'message', 'subscribe', 'register']) assert.ok(routes.includes(m), m);
  });

  it('still takes calls afterwards', async () => {
    const seat = rig.seat('8001@10.1.0.81', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    await caller.bye();
    await noLeaks(rig);
  });
});

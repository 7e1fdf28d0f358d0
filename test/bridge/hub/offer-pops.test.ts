/**
 * What the hub pushes once an offer's pop is ready (offer-pops.ts). The seat's INVITE leaves before the
 * pop is assembled (telephony first), so a phone that answers at once — an auto-answer headset — can
 * beat the pop: the agent must still see who is on the line.
 */
import assert from 'node:assert/strict';
import pino from 'pino';
import { OfferPops } from '../../../bridge/hub/offer-pops.js';
import type { ScreenPop, ScreenPopAssembler } from '../../../bridge/history/history-ports.js';
import { Rig, testConfig } from '../calls/call-center-fixture.js';

/** A pop assembler whose pops are ready only when the test says so. */
function slowPops(): { assembler: ScreenPopAssembler; release(): void } {
  const waiting: (() => void)[] = [];
  const assembler = {
    assemble: (req: { call: { id: string }; offerId: string; seatId: string }) =>
      new Promise<ScreenPop>((resolve) => waiting.push(() => resolve({ callId: req.call.id, offerId: req.offerId, seatId: req.seatId } as unknown as ScreenPop))),
  } as unknown as ScreenPopAssembler;
  return { assembler, release: () => waiting.splice(0).forEach((f) => f()) };
}

describe('hub: an offer’s pop once it is ready', () => {
  function setUp() {
    const r = new Rig();
    const pops = slowPops();
    const offers = new OfferPops({ callCenter: r.cc, pop: pops.assembler, config: testConfig(), now: () => r.clock.now(), logger: pino({ level: 'silent' }) });
    r.cc.on((e) => {
      if (e.type === 'offer') offers.offered(e.seatId, e, e.at);
    });
    return { r, pops, offers };
  }

  it('still ringing: the offer, with its pop', async () => {
    const { r, pops, offers } = setUp();
    r.cc.login('zh1');
    const id = await r.arrive();
    const pushed = offers.settle('zh1');
    pops.release();
    const got = await pushed;
    assert.ok(got && 'offer' in got);
    assert.equal(got.offer.callId, id);
  });

  it("the seat's phone answered before the pop was ready: the pop comes as the call's pop", async () => {
    const { r, pops, offers } = setUp();
    r.cc.login('zh1');
    const id = await r.arrive();
    const pushed = offers.settle('zh1');
    r.answer(id); // an auto-answer headset: connected while the store was still being read
    pops.release();
    const got = await pushed;
    assert.ok(got && 'callPop' in got, 'the agent who is talking to the caller sees who it is');
    assert.equal(got.callPop.callId, id);
    assert.equal(got.callPop.pop.callId, id);
  });

  it('withdrawn before the pop was ready (the caller hung up): nothing is pushed', async () => {
    const { r, pops, offers } = setUp();
    r.cc.login('zh1');
    const id = await r.arrive();
    const pushed = offers.settle('zh1');
    r.tel.emit({ type: 'call-ended', callId: id, reason: 'caller-hangup' });
    pops.release();
    assert.equal(await pushed, null);
  });
});

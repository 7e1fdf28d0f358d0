/**
 * Behaviour every TelephonyPort must show, whatever carries the audio. The lab switch runs it in
 * `test/telephony/lab/contract.test.ts`, the drachtio adapter against its protocol doubles in
 * `test/telephony/drachtio/contract.test.ts`, each supplying a harness that places calls.
 */
import assert from 'node:assert/strict';
import { TelephonyCommandError, type CallId, type OfferRequest, type TelephonyEvent, type TelephonyFailureCode, type TelephonyPort } from '../../telephony/telephony-port.js';

export interface ContractSeat {
  seatId: string;
  contact: string;
}

export interface TelephonyPortHarness {
  /** Started by the harness. */
  port: TelephonyPort;
  /** A citizen dials in (the suite waits for the matching call-arrived itself). */
  placeCall(call: { callerNumber: string; dialledNumber: string }): Promise<void>;
  /** A citizen dials in while the port drains: true when the call was turned away (SIP 503, lab refusal). */
  placeCallRefused(call: { callerNumber: string; dialledNumber: string }): Promise<boolean>;
  /** The citizen hangs up on their side. */
  callerHangsUp(callId: CallId): Promise<void>;
  /** A seat whose phone answers a few seconds at most after it starts ringing. */
  answeringSeat(): ContractSeat;
  /** A seat whose phone rings but is never picked up. */
  silentSeat(): ContractSeat;
  /** Let time pass: a manual clock advances; a real adapter really waits. */
  wait(ms: number): Promise<void>;
  /** Longest the suite waits for any one event (default 20 s of harness time). */
  patienceMs?: number;
  close(): Promise<void>;
}

class Recorder {
  readonly events: TelephonyEvent[] = [];
  private readonly off: () => void;
  constructor(port: TelephonyPort) {
    this.off = port.on((e) => this.events.push(e));
  }
  of(callId: CallId): TelephonyEvent[] {
    return this.events.filter((e) => (e.type === 'call-arrived' ? e.call.callId : e.callId) === callId);
  }
  stop(): void {
    this.off();
  }
}

const step = 100;

function failsWith(code: TelephonyFailureCode) {
  return (err: unknown) => {
    assert.ok(err instanceof TelephonyCommandError, `expected a TelephonyCommandError, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  };
}

export function describeTelephonyPortContract(name: string, makeHarness: () => Promise<TelephonyPortHarness>): void {
  describe(`TelephonyPort contract: ${name}`, function () {
    let h: TelephonyPortHarness;
    let rec: Recorder;
    let offers = 0;

    beforeEach(async () => {
      h = await makeHarness();
      rec = new Recorder(h.port);
    });
    afterEach(async () => {
      rec.stop();
      await h.close();
    });

    async function until<T extends TelephonyEvent>(what: string, find: () => T | undefined): Promise<T> {
      const max = h.patienceMs ?? 20_000;
      for (let waited = 0; ; waited += step) {
        const hit = find();
        if (hit) return hit;
        if (waited >= max) throw new Error(`no ${what} within ${max} ms; saw ${JSON.stringify(rec.events.map((e) => e.type))}`);
        await h.wait(step);
      }
    }

    async function arrive(callerNumber = '13800138000', dialledNumber = '12345'): Promise<CallId> {
      const before = rec.events.length;
      await h.placeCall({ callerNumber, dialledNumber });
      const e = await until('call-arrived', () =>
        rec.events.slice(before).find((x): x is Extract<TelephonyEvent, { type: 'call-arrived' }> => x.type === 'call-arrived' && x.call.callerNumber === callerNumber),
      );
      return e.call.callId;
    }

    function offerFor(seat: ContractSeat, ringTimeoutMs = 10_000): OfferRequest {
      return { offerId: `contract-offer-${++offers}`, seatId: seat.seatId, contact: seat.contact, ringTimeoutMs, callerIdNumber: '13800138000', callerDisplayName: 'contract' };
    }

    const outcome = (callId: CallId, offerId: string) => () =>
      rec.of(callId).find((e) => (e.type === 'seat-answered' || e.type === 'seat-failed') && e.offerId === offerId);

    async function connect(callId: CallId): Promise<void> {
      const o = offerFor(h.answeringSeat());
      await h.port.offer(callId, o);
      const e = await until('offer outcome', outcome(callId, o.offerId));
      assert.equal(e.type, 'seat-answered');
    }

    /** Polls the port (not an event) until `cond` holds. */
    async function eventually(what: string, cond: () => boolean): Promise<void> {
      const max = h.patienceMs ?? 20_000;
      for (let waited = 0; !cond(); waited += step) {
        if (waited >= max) throw new Error(`not ${what} within ${max} ms`);
        await h.wait(step);
      }
    }

    it('reports a placed call with its numbers, and counts its leg', async () => {
      const baseline = h.port.health().liveChannels;
      const callId = await arrive('09061234567', '12345');
      const e = rec.of(callId)[0];
      assert.ok(e && e.type === 'call-arrived');
      assert.equal(e.call.dialledNumber, '12345');
      assert.equal(typeof e.call.arrivedAt, 'number');
      assert.equal(typeof e.call.callerVerified, 'boolean');
      assert.ok(h.port.health().ok);
      await eventually('counting the caller leg', () => h.port.health().liveChannels > baseline);
      assert.equal(h.port.health().liveCalls, 1);
      await h.port.hangup(callId, 'bridge-hangup');
    });

    it('rings a seat, then bridges it when it answers (ringing before answered, same offer)', async () => {
      const callId = await arrive();
      await h.port.playQueueMusic(callId, 'zh');
      const o = offerFor(h.answeringSeat());
      await h.port.offer(callId, o);
      await until('seat-answered', outcome(callId, o.offerId));
      const trail = rec.of(callId).map((e) => e.type);
      assert.deepEqual(trail, ['call-arrived', 'seat-ringing', 'seat-answered']);
      const ringing = rec.of(callId)[1];
      assert.ok(ringing?.type === 'seat-ringing' && ringing.offerId === o.offerId);
    });

    it('holds and resumes a connected call without ending it, and hang-up ends both legs', async () => {
      const baseline = h.port.health().liveChannels;
      const callId = await arrive();
      await connect(callId);
      await h.port.hold(callId, 'zh');
      await h.wait(step);
      await h.port.resume(callId);
      await h.wait(step);
      assert.ok(!rec.of(callId).some((e) => e.type === 'call-ended' || e.type === 'seat-failed'));
      await h.port.hangup(callId, 'bridge-hangup');
      const ended = await until('call-ended', () => rec.of(callId).find((e) => e.type === 'call-ended'));
      assert.deepEqual(ended, { type: 'call-ended', callId, reason: 'bridge-hangup' });
      await h.wait(step);
      assert.equal(h.port.health().liveChannels, baseline, 'no leaked legs');
    });

    it('cancels a ringing offer (seat-failed cancelled) and the caller can still be connected elsewhere', async () => {
      const callId = await arrive();
      const o = offerFor(h.silentSeat(), 60_000);
      await h.port.offer(callId, o);
      await until('seat-ringing', () => rec.of(callId).find((e) => e.type === 'seat-ringing'));
      await h.port.cancelOffer(callId, o.offerId);
      const failed = await until('seat-failed', outcome(callId, o.offerId));
      assert.ok(failed.type === 'seat-failed' && failed.reason === 'cancelled');
      await connect(callId);
      await h.port.hangup(callId, 'bridge-hangup');
    });

    it('gives up on a seat that does not answer within the ring timeout (seat-failed no-answer)', async () => {
      const callId = await arrive();
      const o = offerFor(h.silentSeat(), 2_000);
      await h.port.offer(callId, o);
      const failed = await until('seat-failed', outcome(callId, o.offerId));
      assert.ok(failed.type === 'seat-failed' && failed.reason === 'no-answer');
      assert.ok(!rec.of(callId).some((e) => e.type === 'call-ended'), 'the caller is still there');
      await h.port.hangup(callId, 'bridge-hangup');
    });

    it('releases the seat and keeps the caller, who can be connected again', async () => {
      const callId = await arrive();
      await connect(callId);
      await h.port.releaseSeat(callId, 'zh');
      await h.wait(step);
      assert.ok(!rec.of(callId).some((e) => e.type === 'call-ended'));
      await connect(callId);
      await h.port.hangup(callId, 'bridge-hangup');
    });

    // ── supervision: a shift lead joins a connected call from their own phone ─────────────────────
    const supervision = (callId: CallId, id: string) => () =>
      rec.of(callId).filter((e): e is Extract<TelephonyEvent, { type: `supervision-${string}` }> => e.type.startsWith('supervision-') && 'supervisionId' in e && e.supervisionId === id);

    it('supervises a connected call: listen, whisper, barge, then the lead leaves and the call goes on', async () => {
      const baseline = h.port.health().liveChannels;
      const callId = await arrive();
      await connect(callId);
      const talking = h.port.health().liveChannels;
      const lead = h.answeringSeat().contact;
      await h.port.supervise(callId, { supervisionId: 'contract-sv-1', contact: lead, mode: 'listen' });
      await until('supervision-started', () => supervision(callId, 'contract-sv-1')().find((e) => e.type === 'supervision-started'));
      await h.port.setSupervisionMode(callId, 'contract-sv-1', 'whisper');
      await until('whisper', () => supervision(callId, 'contract-sv-1')().find((e) => e.type === 'supervision-mode' && e.mode === 'whisper'));
      await h.port.setSupervisionMode(callId, 'contract-sv-1', 'barge');
      await until('barge', () => supervision(callId, 'contract-sv-1')().find((e) => e.type === 'supervision-mode' && e.mode === 'barge'));
      assert.equal(h.port.health().liveCalls, 1, 'the lead leg is not a call');
      await h.port.endSupervision(callId, 'contract-sv-1');
      await until('supervision-ended', () => supervision(callId, 'contract-sv-1')().find((e) => e.type === 'supervision-ended'));
      assert.deepEqual(
        supervision(callId, 'contract-sv-1')().map((e) => [e.type, 'mode' in e ? e.mode : e.type === 'supervision-ended' ? e.reason : '']),
        [['supervision-started', 'listen'], ['supervision-mode', 'whisper'], ['supervision-mode', 'barge'], ['supervision-ended', 'left']],
      );
      await h.port.endSupervision(callId, 'contract-sv-1'); // leaving twice is harmless
      await eventually('the lead leg released', () => h.port.health().liveChannels === talking);
      assert.ok(!rec.of(callId).some((e) => e.type === 'call-ended' || e.type === 'seat-failed'), 'caller and agent talk on');
      await h.port.hangup(callId, 'bridge-hangup');
      await until('call-ended', () => rec.of(callId).find((e) => e.type === 'call-ended'));
      await eventually('nothing left', () => h.port.health().liveChannels === baseline);
    });

    it('ends a supervision with the call (supervision-ended call-ended, before call-ended)', async () => {
      const baseline = h.port.health().liveChannels;
      const callId = await arrive('13900139000');
      await connect(callId);
      await h.port.supervise(callId, { supervisionId: 'contract-sv-2', contact: h.answeringSeat().contact, mode: 'barge' });
      await until('supervision-started', () => supervision(callId, 'contract-sv-2')().find((e) => e.type === 'supervision-started'));
      await h.callerHangsUp(callId);
      await until('call-ended', () => rec.of(callId).find((e) => e.type === 'call-ended'));
      const types = rec.of(callId).map((e) => (e.type === 'supervision-ended' ? `${e.type}:${e.reason}` : e.type));
      assert.ok(types.indexOf('supervision-ended:call-ended') >= 0 && types.indexOf('supervision-ended:call-ended') < types.indexOf('call-ended'), types.join(' '));
      await eventually('nothing left', () => h.port.health().liveChannels === baseline);
    });

    it('refuses to supervise a waiting call (invalid-state) or with a bad request (invalid-input)', async () => {
      const callId = await arrive();
      await assert.rejects(h.port.supervise(callId, { supervisionId: 'contract-sv-3', contact: h.answeringSeat().contact, mode: 'listen' }), failsWith('invalid-state'));
      await connect(callId);
      await assert.rejects(h.port.supervise(callId, { supervisionId: 'contract-sv-4', contact: h.answeringSeat().contact, mode: 'shout' as never }), failsWith('invalid-input'));
      await assert.rejects(h.port.supervise(callId, { supervisionId: '', contact: h.answeringSeat().contact, mode: 'listen' }), failsWith('invalid-input'));
      await h.port.hangup(callId, 'bridge-hangup');
      // Commands on an ended call resolve without effect.
      await h.port.supervise(callId, { supervisionId: 'contract-sv-5', contact: h.answeringSeat().contact, mode: 'listen' });
      await h.port.setSupervisionMode(callId, 'contract-sv-5', 'barge');
      await h.port.endSupervision(callId, 'contract-sv-5');
    });

    it('announces to a waiting caller (announced event, same prompts, in order), and an offer still connects after it', async () => {
      const callId = await arrive();
      await h.port.playQueueMusic(callId, 'kk');
      const said = { language: 'kk', prompts: ['position-before', 'n:20', 'n:3', 'wait-before', 'min:5'] };
      await h.port.announce(callId, said);
      const e = await until('announced', () => rec.of(callId).find((x) => x.type === 'announced'));
      assert.deepEqual(e, { type: 'announced', callId, announcement: said });
      await connect(callId);
      assert.ok(!rec.of(callId).some((x) => x.type === 'call-ended'));
      await h.port.hangup(callId, 'bridge-hangup');
    });

    it('never announces over a conversation (invalid-state) nor a malformed announcement (invalid-input)', async () => {
      const callId = await arrive();
      await h.port.playQueueMusic(callId, 'zh');
      await assert.rejects(h.port.announce(callId, { language: 'zh', prompts: [] }), failsWith('invalid-input'));
      await assert.rejects(h.port.announce(callId, { language: 'zh', prompts: ['../../etc/passwd'] }), failsWith('invalid-input'));
      await connect(callId);
      await assert.rejects(h.port.announce(callId, { language: 'zh', prompts: ['greeting'] }), failsWith('invalid-state'));
      await h.wait(step);
      assert.ok(!rec.of(callId).some((e) => e.type === 'announced' || e.type === 'call-ended'), 'nothing said, the call goes on');
      await h.port.hangup(callId, 'bridge-hangup');
    });

    it('a command that makes no sense for the call fails with a typed error and changes nothing', async () => {
      const callId = await arrive();
      await h.port.playQueueMusic(callId, 'zh');
      await assert.rejects(h.port.hold(callId, 'zh'), failsWith('invalid-state'));
      await assert.rejects(h.port.resume(callId), failsWith('invalid-state'));
      await connect(callId);
      await assert.rejects(h.port.transferOut(callId, 'not a number'), failsWith('invalid-input'));
      await assert.rejects(h.port.conference(callId, ''), failsWith('invalid-input'));
      assert.ok(!rec.of(callId).some((e) => e.type === 'call-ended' || e.type === 'third-party-failed'), 'the call goes on');
      const failures = h.port.health().counters.commandFailures;
      assert.equal(failures['invalid-state'], 2);
      assert.equal(failures['invalid-input'], 2);
      await h.port.hangup(callId, 'bridge-hangup');
    });

    it('three-way: dropping the third party hangs up its leg only; caller and seat talk on', async () => {
      const callId = await arrive();
      await connect(callId);
      const twoParty = h.port.health().liveChannels;
      await h.port.dropThirdParty(callId, '057112345'); // nobody to drop yet: harmless
      await h.port.conference(callId, '057112345');
      await eventually('the third party joining', () => h.port.health().liveChannels === twoParty + 1);
      await h.port.dropThirdParty(callId, '057112345');
      await eventually('the third party leg gone', () => h.port.health().liveChannels === twoParty);
      await h.wait(5 * step);
      assert.ok(!rec.of(callId).some((e) => e.type === 'call-ended' || e.type === 'third-party-failed'), 'the call goes on');
      await h.port.hold(callId, 'zh'); // still a call with a seat on it
      await h.port.resume(callId);
      await h.port.hangup(callId, 'bridge-hangup');
      await until('call-ended', () => rec.of(callId).find((e) => e.type === 'call-ended'));
    });

    it('an answer that crossed the withdrawal is undone: cancelOffer after seat-answered gives seat-failed cancelled, the caller waits on', async () => {
      const baseline = h.port.health().liveChannels;
      const callId = await arrive();
      const o = offerFor(h.answeringSeat());
      await h.port.offer(callId, o);
      await until('seat-answered', outcome(callId, o.offerId));
      await h.port.cancelOffer(callId, o.offerId);
      const failed = await until('seat-failed', () => rec.of(callId).find((e) => e.type === 'seat-failed' && e.offerId === o.offerId));
      assert.ok(failed.type === 'seat-failed' && failed.reason === 'cancelled');
      assert.ok(!rec.of(callId).some((e) => e.type === 'call-ended'));
      await connect(callId);
      await h.port.hangup(callId, 'bridge-hangup');
      await eventually('every leg released', () => h.port.health().liveChannels === baseline);
    });

    it('drain turns new calls away and lets the live one finish', async () => {
      const callId = await arrive('13800000001');
      await connect(callId);
      h.port.drain();
      assert.equal(h.port.health().draining, true);
      assert.equal(await h.placeCallRefused({ callerNumber: '13800000002', dialledNumber: '12345' }), true);
      assert.ok(!rec.events.some((e) => e.type === 'call-arrived' && e.call.callerNumber === '13800000002'));
      await h.port.hold(callId, 'zh');
      await h.port.resume(callId);
      assert.equal(h.port.health().liveCalls, 1);
      await h.port.hangup(callId, 'bridge-hangup');
      await until('call-ended', () => rec.of(callId).find((e) => e.type === 'call-ended'));
      await eventually('drained', () => h.port.health().liveCalls === 0);
    });

    it('reports the caller hanging up, and then every command is harmless', async () => {
      const baseline = h.port.health().liveChannels;
      const callId = await arrive();
      await h.callerHangsUp(callId);
      const ended = await until('call-ended', () => rec.of(callId).find((e) => e.type === 'call-ended'));
      assert.ok(ended.type === 'call-ended' && ended.reason === 'caller-hangup');
      const seen = rec.of(callId).length;
      const late = offerFor(h.answeringSeat());
      await h.port.playQueueMusic(callId, 'zh');
      await h.port.announce(callId, { language: 'zh', prompts: ['greeting'] });
      await h.port.offer(callId, late);
      await h.port.cancelOffer(callId, late.offerId);
      await h.port.hold(callId, 'zh');
      await h.port.resume(callId);
      await h.port.releaseSeat(callId, 'zh');
      await h.port.conference(callId, '110');
      await h.port.dropThirdParty(callId, '110');
      await h.port.transferOut(callId, '110');
      await h.port.hangup(callId, 'bridge-hangup');
      await h.wait(5 * step);
      assert.equal(rec.of(callId).length, seen, 'no events after call-ended');
      assert.equal(h.port.health().liveChannels, baseline);
    });
  });
}

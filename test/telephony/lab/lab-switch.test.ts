import assert from 'node:assert/strict';
import { makeLab, offerTo } from './lab-fixture.js';
import { TelephonyCommandError } from '../../../telephony/telephony-port.js';

describe('lab switch: simulated callers and seat phones', () => {
  it('emits call-arrived for a placed call, after placeCall returns, with the trusted trunk and hints', async () => {
    const f = await makeLab();
    const id = f.lab.placeCall({ callerNumber: '09061234567', dialledNumber: '12345', hints: { language: 'kk' }, displayName: 'Айгүл' });
    assert.equal(f.events.length, 0, 'delivered asynchronously, so the REST caller gets the id first');
    await f.settle();
    const e = f.events[0];
    assert.ok(e && e.type === 'call-arrived');
    assert.equal(e.call.callId, id);
    assert.equal(e.call.callerNumber, '09061234567');
    assert.equal(e.call.dialledNumber, '12345');
    assert.equal(e.call.callerVerified, true);
    assert.equal(e.call.trunk, 'ct-sbc');
    assert.deepEqual(e.call.hints, { language: 'kk' });
    assert.equal(e.call.callerDisplayName, 'Айгүл');
    assert.equal(e.call.arrivedAt, f.clock.now());
    assert.equal(f.lab.health().liveChannels, 1);
    assert.equal(f.lab.callerHears(id), 'silence');
  });

  it('drops hints and marks the identity unverified for an untrusted call, and sanitizes the display name', async () => {
    const f = await makeLab();
    const id = f.lab.placeCall({
      callerNumber: '13800001111',
      dialledNumber: '12345',
      trusted: false,
      hints: { language: 'ru', emergency: true },
      displayName: '<script>alert(1)</script>张\u0000三' + 'x'.repeat(200),
    });
    await f.settle();
    const e = f.events[0];
    assert.ok(e && e.type === 'call-arrived' && e.call.callId === id);
    assert.equal(e.call.callerVerified, false);
    assert.equal(e.call.trunk, null);
    assert.deepEqual(e.call.hints, {});
    assert.doesNotMatch(e.call.callerDisplayName, /[<>\u0000]/);
    assert.ok(Array.from(e.call.callerDisplayName).length <= 64);
    assert.match(e.call.callerDisplayName, /^alert\(1\) 张 三x+$/);
  });

  it('rejects an invalid request and refuses calls when not running', async () => {
    const f = await makeLab();
    assert.throws(() => f.lab.placeCall({ callerNumber: 'abc', dialledNumber: '12345' }), /callerNumber/);
    await f.lab.stop();
    assert.throws(() => f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' }), /not running/);
    assert.equal(f.lab.health().ok, false);
  });

  it('plays queue music in the caller language, rings a seat (ringback) and answers after the delay', async () => {
    const f = await makeLab({ seatAnswerDelayMs: { min: 3000, max: 3000 } });
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    await f.lab.playQueueMusic(id, 'kk');
    assert.equal(f.lab.callerHears(id), 'music:kk');
    await f.lab.offer(id, offerTo('1001', 'o1'));
    await f.settle();
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing']);
    assert.equal(f.lab.callerHears(id), 'ringback');
    assert.equal(f.lab.seatPhone('1001').state, 'ringing');
    await f.clock.advance(2999);
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing']);
    await f.clock.advance(1);
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing', 'seat-answered']);
    assert.equal(f.lab.callerHears(id), 'seat:1001');
    assert.equal(f.lab.seatPhone('1001').state, 'in-call');
    assert.equal(f.lab.health().liveChannels, 2, 'caller leg + seat leg');
  });

  it('a phone that does not answer gives seat-failed no-answer at the ring timeout, and the caller hears music again', async () => {
    const f = await makeLab({ noAnswerProbability: 1 });
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345', patienceSeconds: 600 });
    await f.lab.playQueueMusic(id, 'zh');
    await f.lab.offer(id, offerTo('1001', 'o1', 15_000));
    await f.clock.advance(14_999);
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing']);
    await f.clock.advance(1);
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing', 'seat-failed:no-answer']);
    assert.equal(f.lab.callerHears(id), 'music:zh');
    assert.equal(f.lab.seatPhone('1001').state, 'idle');
  });

  it('a seat phone already in a call answers 486 busy', async () => {
    const f = await makeLab();
    const a = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    const b = f.lab.placeCall({ callerNumber: '13800002222', dialledNumber: '12345' });
    await f.lab.offer(a, offerTo('1001', 'oa'));
    await f.clock.advance(4000);
    await f.lab.offer(b, offerTo('1001', 'ob'));
    await f.settle();
    const failed = f.events.find((e) => e.type === 'seat-failed' && e.callId === b);
    assert.deepEqual(failed, { type: 'seat-failed', callId: b, offerId: 'ob', reason: 'busy', sipStatus: 486 });
    assert.equal(f.lab.seatPhone('1001').callId, a, 'the busy phone keeps its call');
  });

  it('a waiting caller abandons when patience runs out: caller-hangup, ringing phone stops, no leg left', async () => {
    const f = await makeLab({ noAnswerProbability: 1 });
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345', patienceSeconds: 30 });
    await f.lab.offer(id, offerTo('1001', 'o1', 60_000));
    await f.clock.advance(29_999);
    assert.equal(f.lab.liveCalls().length, 1);
    await f.clock.advance(1);
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing', 'call-ended:caller-hangup']);
    assert.equal(f.lab.liveCalls().length, 0);
    assert.equal(f.lab.seatPhone('1001').state, 'idle');
    assert.equal(f.lab.health().liveChannels, 0);
    assert.equal(f.lab.callerHears(id), 'hung-up');
  });

  it('cancelOffer stops the ringing with seat-failed cancelled; a second cancel does nothing', async () => {
    const f = await makeLab();
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    await f.lab.offer(id, offerTo('1001', 'o1'));
    await f.lab.cancelOffer(id, 'o1');
    await f.lab.cancelOffer(id, 'o1');
    await f.clock.advance(20_000);
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing', 'seat-failed:cancelled']);
    assert.equal(f.lab.seatPhone('1001').state, 'idle');
  });

  it('an attended seat never answers by itself and waits for the person to accept in the desktop', async () => {
    const f = await makeLab({ talkSeconds: { min: 10, max: 10 } });
    f.lab.setSeatAttended('1001', true);
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345', patienceSeconds: 600 });
    await f.lab.offer(id, offerTo('1001', 'o1', 30_000));
    await f.clock.advance(20_000);
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing']);
    await f.lab.answerSeatPhone(id, 'o1');
    await f.settle();
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing', 'seat-answered']);
    // The trainee takes their time: the simulated caller's 10 s talk time does not end the call.
    await f.clock.advance(10 * 60_000);
    assert.equal(f.lab.call(id)?.state, 'connected');
    await f.lab.hangup(id, 'seat-hangup');
    await f.settle();
    assert.deepEqual(f.trail(id).at(-1), 'call-ended:seat-hangup');
  });

  it('an attended call still ends by itself after the 30-minute safety cap', async () => {
    const f = await makeLab();
    f.lab.setSeatAttended('1001', true);
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    await f.lab.offer(id, offerTo('1001', 'o1'));
    await f.lab.answerSeatPhone(id, 'o1');
    await f.clock.advance(30 * 60_000);
    assert.deepEqual(f.trail(id).at(-1), 'call-ended:caller-hangup');
  });

  it('an unattended connected call ends with caller-hangup after the talk time, freeing the phone', async () => {
    const f = await makeLab({ seatAnswerDelayMs: { min: 1000, max: 1000 }, talkSeconds: { min: 60, max: 60 } });
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345', patienceSeconds: 5 });
    await f.lab.offer(id, offerTo('1001', 'o1'));
    await f.clock.advance(1000 + 59_999);
    assert.equal(f.lab.call(id)?.state, 'connected', 'patience no longer counts once connected');
    await f.clock.advance(1);
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing', 'seat-answered', 'call-ended:caller-hangup']);
    assert.equal(f.lab.seatPhone('1001').state, 'idle');
  });

  it('hold plays hold music in the language, resume reconnects, releaseSeat returns the caller to the queue', async () => {
    const f = await makeLab({ seatAnswerDelayMs: { min: 0, max: 0 } });
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345', talkSeconds: 600 });
    await f.lab.offer(id, offerTo('1001', 'o1'));
    await f.clock.advance(0);
    await f.lab.hold(id, 'ug');
    assert.equal(f.lab.callerHears(id), 'music-hold:ug');
    assert.equal(f.lab.seatPhone('1001').state, 'in-call', 'the seat leg stays up on hold');
    await f.lab.resume(id);
    assert.equal(f.lab.callerHears(id), 'seat:1001');
    await f.lab.releaseSeat(id, 'ug');
    assert.equal(f.lab.callerHears(id), 'music:ug');
    assert.equal(f.lab.seatPhone('1001').state, 'idle');
    assert.equal(f.lab.call(id)?.state, 'waiting');
    await f.lab.offer(id, offerTo('1002', 'o2'));
    await f.clock.advance(0);
    assert.equal(f.lab.callerHears(id), 'seat:1002');
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing', 'seat-answered', 'seat-ringing', 'seat-answered']);
  });

  it('transferOut connects the caller to the external number and ends the call with transferred-out', async () => {
    const f = await makeLab({ seatAnswerDelayMs: { min: 0, max: 0 } });
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    await f.lab.offer(id, offerTo('1001', 'o1'));
    await f.clock.advance(0);
    await f.lab.transferOut(id, '120');
    await f.settle();
    assert.deepEqual(f.trail(id).at(-1), 'call-ended:transferred-out');
    assert.equal(f.lab.callerHears(id), 'external:120');
    assert.equal(f.lab.seatPhone('1001').state, 'idle');
    assert.equal(f.lab.health().liveChannels, 0);
  });

  it('a transfer or conference to an invalid destination fails (invalid-input) and leaves the call as it was', async () => {
    const f = await makeLab({ seatAnswerDelayMs: { min: 0, max: 0 } });
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    await f.lab.offer(id, offerTo('1001', 'o1'));
    await f.clock.advance(0);
    const invalidInput = (err: unknown) => err instanceof TelephonyCommandError && err.code === 'invalid-input';
    await assert.rejects(f.lab.transferOut(id, 'not a number'), invalidInput);
    await assert.rejects(f.lab.conference(id, ''), invalidInput);
    await f.settle();
    assert.equal(f.trail(id).at(-1), 'seat-answered', 'no event: the command itself failed');
    assert.equal(f.lab.callerHears(id), 'seat:1001');
    assert.equal(f.lab.health().counters.commandFailures['invalid-input'], 2);
    await f.lab.conference(id, '09062345678');
    assert.equal(f.lab.callerHears(id), 'conference:1001+09062345678');
    assert.equal(f.lab.health().liveChannels, 3, 'caller + seat + third party');
  });

  it('commands on an ended call resolve without effect or events', async () => {
    const f = await makeLab();
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    await f.lab.hangup(id, 'bridge-hangup');
    await f.settle();
    const before = f.events.length;
    await f.lab.playQueueMusic(id, 'zh');
    await f.lab.offer(id, offerTo('1001', 'late'));
    await f.lab.cancelOffer(id, 'late');
    await f.lab.hold(id, 'zh');
    await f.lab.resume(id);
    await f.lab.releaseSeat(id, 'zh');
    await f.lab.transferOut(id, '110');
    await f.lab.conference(id, '110');
    await f.lab.hangup(id, 'bridge-hangup');
    await f.lab.answerSeatPhone(id, 'late');
    await f.lab.offer('no-such-call', offerTo('1001', 'x'));
    await f.clock.advance(60_000);
    assert.equal(f.events.length, before);
    assert.equal(f.lab.seatPhone('1001').state, 'idle');
  });

  it('when two offers ring for one call, the first to answer wins and the other is cancelled', async () => {
    const f = await makeLab({ seatAnswerDelayMs: { min: 1000, max: 5000 } });
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    await f.lab.offer(id, offerTo('1001', 'o1'));
    await f.lab.offer(id, offerTo('1002', 'o2'));
    await f.clock.advance(5000);
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing', 'seat-ringing', 'seat-answered', 'seat-failed:cancelled']);
    const states = [f.lab.seatPhone('1001').state, f.lab.seatPhone('1002').state].sort();
    assert.deepEqual(states, ['idle', 'in-call']);
  });

  it('a repeated offer command with the same offer id does not ring twice', async () => {
    const f = await makeLab();
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    await f.lab.offer(id, offerTo('1001', 'o1'));
    await f.lab.offer(id, offerTo('1001', 'o1'));
    await f.settle();
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing']);
  });

  it('replays the same answer delays with the same seed', async () => {
    const run = async () => {
      const f = await makeLab({ seed: 99, seatAnswerDelayMs: { min: 500, max: 9000 } });
      const answeredAt: number[] = [];
      f.lab.on((e) => e.type === 'seat-answered' && answeredAt.push(f.clock.now()));
      for (let i = 0; i < 5; i++) {
        const id = f.lab.placeCall({ callerNumber: `1380000111${i}`, dialledNumber: '12345' });
        await f.lab.offer(id, offerTo(`10${i}`, `o${i}`));
      }
      await f.clock.advance(10_000);
      return answeredAt;
    };
    const a = await run();
    assert.equal(a.length, 5);
    assert.deepEqual(await run(), a);
  });

  it('stop drops every call and phone without events', async () => {
    const f = await makeLab();
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    await f.lab.offer(id, offerTo('1001', 'o1'));
    await f.settle();
    const before = f.events.length;
    await f.lab.stop();
    assert.equal(f.clock.pending(), 0, 'no caller or phone timer left behind');
    await f.clock.advance(600_000);
    assert.equal(f.events.length, before);
    assert.equal(f.lab.health().liveChannels, 0);
  });
});

describe('lab switch: trainer controls', () => {
  it('callerHangsUp stages an abandon while ringing', async () => {
    const f = await makeLab();
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    await f.lab.offer(id, offerTo('1001', 'o1'));
    assert.equal(f.lab.callerHangsUp(id), true);
    assert.equal(f.lab.callerHangsUp(id), false);
    await f.settle();
    assert.deepEqual(f.trail(id), ['call-arrived', 'seat-ringing', 'call-ended:caller-hangup']);
    assert.equal(f.lab.seatPhone('1001').state, 'idle');
  });

  it('a person leaving an attended seat mid-call hands it back to the simulated talk time', async () => {
    const f = await makeLab({ talkSeconds: { min: 30, max: 30 } });
    f.lab.setSeatAttended('1001', true);
    const id = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    await f.lab.offer(id, offerTo('1001', 'o1'));
    await f.lab.answerSeatPhone(id, 'o1');
    await f.clock.advance(5 * 60_000);
    assert.equal(f.lab.call(id)?.state, 'connected');
    f.lab.setSeatAttended('1001', false);
    await f.clock.advance(30_000);
    assert.deepEqual(f.trail(id).at(-1), 'call-ended:caller-hangup');
  });

  it('a listener that throws does not keep events from the others', async () => {
    const f = await makeLab();
    f.lab.on(() => {
      throw new Error('boom');
    });
    const seen: string[] = [];
    f.lab.on((e) => seen.push(e.type));
    f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    await f.settle();
    assert.deepEqual(seen, ['call-arrived']);
    assert.equal(f.events.length, 1);
  });

  it('lists live calls with what each caller hears, and an offer with no contact is unreachable', async () => {
    const f = await makeLab();
    const a = f.lab.placeCall({ callerNumber: '13800001111', dialledNumber: '12345' });
    const b = f.lab.placeCall({ callerNumber: '09981234567', dialledNumber: '12345' });
    await f.lab.playQueueMusic(b, 'ug');
    await f.lab.offer(a, { ...offerTo('1001', 'o1'), contact: '' });
    await f.settle();
    assert.deepEqual(f.trail(a).at(-1), 'seat-failed:unreachable');
    assert.deepEqual(
      f.lab.liveCalls().map((c) => [c.callId, c.state, c.hears]),
      [[a, 'waiting', 'silence'], [b, 'waiting', 'music:ug']],
    );
  });
});

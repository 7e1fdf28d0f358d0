import assert from 'node:assert/strict';
import { getHeader } from '../../../fixtures/doubles/sip-message.js';
import { noLeaks, startRig, until, type Rig } from './rig.js';

describe('drachtio adapter: malformed and hostile INVITEs', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  /** After each bad INVITE the next ordinary call must still work end to end. */
  async function nextCallWorks(): Promise<void> {
    const seat = rig.seat(`9${rig.events.length}@10.1.0.91`, { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered', (e) => e.callId === call.callId);
    await caller.bye();
    await rig.event('call-ended', (e) => e.callId === call.callId);
    await noLeaks(rig);
  }

  const rejected: Array<[string, Parameters<Rig['call']>[0], number]> = [
    ['missing From', { omit: ['From'] }, 400],
    ['missing To', { omit: ['To'] }, 400],
    ['missing Contact', { omit: ['Contact'] }, 400],
    ['no dialled number in the Request-URI', { requestUri: 'sip:10.0.0.1:5060' }, 484],
    ['letters as dialled number', { requestUri: 'sip:police@10.0.0.1' }, 484],
    ['no SDP offer', { sdp: null }, 488],
    ['garbage From', { rawFrom: 'not a sip address' }, 400],
  ];
  for (const [what, opts, status] of rejected) {
    it(`${what} → ${status}, no call, no channel; the next call works`, async () => {
      const caller = rig.call(opts);
      assert.equal((await caller.final()).status, status);
      assert.ok(!rig.events.some((e) => e.type === 'call-arrived'), 'the bridge never hears of it');
      assert.equal(rig.fs.liveChannels(), 0);
      await nextCallWorks();
    });
  }

  it('a 2,000-byte display name is capped at 64 characters', async () => {
    const seat = rig.seat('9100@10.1.0.91', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive({ displayName: '张'.repeat(700) });
    assert.equal(Array.from(call.callerDisplayName).length, 64);
    await rig.offerTo(call, seat);
    await rig.event('seat-answered');
    assert.ok((getHeader(seat.invites[0]!, 'From') ?? '').length < 300, 'the seat INVITE carries the capped name');
    await caller.bye();
    await noLeaks(rig);
    await nextCallWorks();
  });

  it('script tags and control characters are stripped from the display name', async () => {
    const { caller, call } = await rig.arrive({ displayName: '<script>alert(1)</script>Wang\u2028 Wu\u0007' });
    assert.equal(call.callerDisplayName, 'alert(1) Wang Wu');
    assert.doesNotMatch(call.callerDisplayName, /[<>]/);
    await caller.final();
    await caller.bye();
    await noLeaks(rig);
  });

  it('CR/LF smuggled into values bound for a SIP header or an ESL command never splits a line', async () => {
    const seat = rig.seat('9200@10.1.0.92', { kind: 'answer', answerAfterMs: 5 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat, {
      callerDisplayName: 'Li\r\nX-Injected: display',
      callerIdNumber: '138\r\nX-Injected: number',
      offerId: 'off\r\nX-Injected: offer',
    });
    await rig.event('seat-answered');
    const invite = seat.invites[0]!;
    assert.ok(!invite.headers.some(([n]) => /X-Injected/i.test(n)), 'no header injected into the seat INVITE');
    assert.doesNotMatch(getHeader(invite, 'From') ?? '', /[\r\n]/);
    // Hold music in a "language" that tries to smuggle an ESL command.
    await rig.tel.hold(call.callId, 'kk\napi hupall');
    await until(() => rig.fs.live().some((c) => c.playing !== undefined), 'music after hold');
    assert.equal(rig.fs.liveChannels(), 2, 'no injected command hung anything up');
    assert.deepEqual(rig.fs.protocolViolations, [], 'every ESL command stayed one command');
    assert.ok(!rig.fs.commands.some((c) => /hupall/.test(c)));
    await caller.bye();
    await noLeaks(rig);
  });

  it('SIP hints are believed only from a trusted trunk; bad hint values are dropped', async () => {
    const hints = { 'X-Language': 'kk', 'X-Desk': 'medical-insurance', 'X-Emergency': '1', 'Accept-Language': 'ru-RU,ru;q=0.9' };
    const trusted = await rig.arrive({ headers: hints, pai: '"Verified" <sip:+8613911112222@sbc.carrier>' });
    assert.deepEqual(trusted.call.hints, { language: 'kk', desk: 'medical-insurance', emergency: true, acceptLanguage: 'ru-RU,ru;q=0.9' });
    assert.equal(trusted.call.callerNumber, '+8613911112222', 'identity from P-Asserted-Identity');
    assert.equal(trusted.call.callerVerified, true);

    const outsider = await rig.arrive({ headers: hints, pai: '<sip:110@fake>', source: { address: '203.0.113.9', port: 5060 }, number: '13700001111' });
    assert.deepEqual(outsider.call.hints, {});
    assert.equal(outsider.call.trunk, null);
    assert.equal(outsider.call.callerNumber, '13700001111', 'PAI ignored from an untrusted source');
    assert.equal(outsider.call.callerVerified, false);

    const bad = await rig.arrive({ headers: { 'X-Language': 'kk;drop table', 'X-Desk': '../../etc' } });
    assert.deepEqual(bad.call.hints, {});
    for (const c of [trusted, outsider, bad]) await c.caller.hangUp();
    await until(() => rig.events.filter((e) => e.type === 'call-ended').length === 3, 'three calls ended');
    await noLeaks(rig);
  });

  it('logs mask caller numbers', async () => {
    const { caller } = await rig.arrive({ number: '13812345678' });
    await caller.final();
    await caller.bye();
    await noLeaks(rig);
    const text = rig.logs.join('');
    assert.match(text, /138\*\*\*\*5678/);
    assert.doesNotMatch(text, /13812345678/);
  });
});

import assert from 'node:assert/strict';
import { freeswitchOfferSdp, getHeader } from '../../../fixtures/doubles/sip-message.js';
import { POOL_TAG } from '../../../telephony/drachtio/endpoint-pool.js';
import { CALL_ID_HEADER } from '../../../telephony/drachtio/tagged-channels.js';
import { leanOffer, preferCodecs, wantsSrtp } from '../../../telephony/drachtio/lean-sdp.js';
import { noLeaks, startRig, until, type Rig } from './rig.js';

/** The media port in an SDP's first audio line. */
const audioPort = (sdp: string) => Number(/^m=audio (\d+)/m.exec(sdp)?.[1]);

describe('drachtio adapter: warm endpoint pool', function () {
  let rig: Rig;
  afterEach(async () => {
    await rig?.stop();
  });

  it('an offer takes a ready endpoint (no FreeSWITCH INVITE before the seat rings), and the pool refills', async () => {
    rig = await startRig({ endpointPool: { size: 3 } });
    await until(() => rig.fs.spares().length === 3 && rig.tel.spareEndpoints() === 3, 'three spares ready');
    const sparePorts = rig.fs.spares().map((c) => audioPort(c.localSdp));
    const seat = rig.seat('1101@10.1.0.111', { kind: 'answer', ringMs: 5, answerAfterMs: 20 });
    const { caller, call } = await rig.arrive({ number: '13800001101' });
    assert.equal((await caller.final()).status, 200);
    const made = rig.fs.channels.size; // the caller's channel included
    const offerId = await rig.offerTo(call, seat);
    await rig.event('seat-answered', (e) => e.offerId === offerId);
    const invite = seat.invites[0];
    assert.ok(invite);
    assert.ok(sparePorts.includes(audioPort(invite.body)), 'the seat was offered a spare’s media');
    const seatChannel = rig.fs.live().find((c) => audioPort(c.localSdp) === audioPort(invite.body));
    assert.equal(seatChannel?.vars.get('sip_h_X-Hotline-Call-ID'), call.callId, 'the spare now carries its call’s tag');
    await until(() => rig.fs.spares().length === 3, 'pool refilled');
    assert.equal(rig.fs.channels.size, made + 1, 'only the replacement spare was made');
    await caller.bye();
    await noLeaks(rig);
  });

  it("the seat's INVITE goes out before the INVITE that replaces the spare it took", async () => {
    rig = await startRig({ endpointPool: { size: 1 } });
    await until(() => rig.tel.spareEndpoints() === 1, 'one spare ready');
    const seat = rig.seat('1105@10.1.0.115', { kind: 'answer', ringMs: 5, answerAfterMs: 20 });
    const { caller, call } = await rig.arrive({ number: '13800001105' });
    await caller.final();
    const from = rig.drachtio.sentByApp.length;
    const offerId = await rig.offerTo(call, seat);
    await rig.event('seat-answered', (e) => e.offerId === offerId);
    await until(() => rig.tel.spareEndpoints() === 1, 'pool refilled');
    const invites = rig.drachtio.sentByApp.slice(from).filter((m) => m.method === 'INVITE');
    const toSeat = invites.findIndex((m) => m.uri?.includes('1105@'));
    const refill = invites.findIndex((m) => getHeader(m, CALL_ID_HEADER) === POOL_TAG);
    assert.ok(toSeat >= 0 && refill >= 0, 'both INVITEs were sent');
    assert.ok(toSeat < refill, `the seat rang first (INVITE order: ${invites.map((m) => m.uri).join(', ')})`);
    await caller.bye();
    await noLeaks(rig);
  });

  for (const lanes of [2, 0]) {
    it(`every channel is driven by uuid over the event-socket connections the bridge opens, none per channel (${lanes} command lanes)`, async () => {
      rig = await startRig({ endpointPool: { size: 1 } }, { commandLanes: lanes });
      await until(() => rig.tel.spareEndpoints() === 1, 'one spare ready');
      const seat = rig.seat('1108@10.1.0.118', { kind: 'answer', ringMs: 5, answerAfterMs: 20 });
      const { caller, call } = await rig.arrive({ number: '13800001108' });
      await caller.final();
      const offerId = await rig.offerTo(call, seat);
      await rig.event('seat-answered', (e) => e.offerId === offerId);
      const mine = rig.fs.live().filter((c) => c.vars.get('sip_h_X-Hotline-Call-ID') === call.callId);
      const callerCh = mine.find((c) => c.recordings.length > 0);
      const seatCh = mine.find((c) => c !== callerCh);
      assert.ok(callerCh && seatCh, 'the caller and seat channels');
      await until(() => callerCh.bridgedWith === seatCh.uuid, 'bridged');
      assert.equal(rig.fs.connectedClients, 1 + lanes, 'the control connection and the command lanes, no socket per channel');
      // Ringback on the caller's channel by uuid, then the bridge of the two channels the INVITEs named.
      assert.ok(rig.fs.commands.includes(`sendmsg ${callerCh.uuid}`), 'an app sent to the caller channel by uuid');
      // On a lane as `api` (answered on the lane's own thread); with no lane, a bgapi job on the control connection.
      assert.ok(rig.fs.commands.some((c) => c.startsWith(`${lanes ? 'api' : 'bgapi'} uuid_bridge ${callerCh.uuid} ${seatCh.uuid}`)));
      await caller.bye();
      await noLeaks(rig);
    });
  }

  it('a drachtio_mrf profile that names channels itself (no inbound-use-callid-as-uuid) fails the call with the fix in the log, and leaks nothing', async () => {
    rig = await startRig();
    rig.fs.failEndpoints('misnamed');
    const { caller } = await rig.arrive({ number: '13800001109' });
    const ended = await rig.event('call-ended');
    assert.equal(ended.reason, 'media-failure');
    assert.ok(((await caller.final()).status ?? 0) >= 500, 'the caller is refused, not answered into silence');
    assert.ok(rig.logs.some((l) => l.includes('inbound-use-callid-as-uuid')), 'the log names the missing setting');
    await noLeaks(rig);
  });

  it("a freed seat's next INVITE goes out before the ended call's BYEs", async () => {
    rig = await startRig({ endpointPool: { size: 2 } });
    await until(() => rig.tel.spareEndpoints() === 2, 'two spares ready');
    const seat = rig.seat('1106@10.1.0.116', { kind: 'answer', ringMs: 5, answerAfterMs: 20 });
    const first = await rig.arrive({ number: '13800001106' });
    await first.caller.final();
    const firstOffer = await rig.offerTo(first.call, seat);
    await rig.event('seat-answered', (e) => e.offerId === firstOffer);
    const next = await rig.arrive({ number: '13800001107' });
    await next.caller.final();
    // As the bridge does: the seat is free the moment its call has ended, and the waiting caller is offered.
    rig.tel.on((e) => {
      if (e.type === 'call-ended' && e.callId === first.call.callId) void rig.offerTo(next.call, seat);
    });
    const from = rig.drachtio.sentByApp.length;
    await seat.hangUp();
    await rig.event('call-ended', (e) => e.callId === first.call.callId);
    await until(() => seat.invites.length === 2, 'the seat rang again');
    await until(() => first.caller.byeReceived, 'the first caller got its BYE');
    const sent = rig.drachtio.sentByApp.slice(from).map((m) => `${m.method} ${m.uri ?? ''}`);
    const invite = sent.findIndex((m) => m.startsWith('INVITE') && m.includes('1106@'));
    const firstBye = sent.findIndex((m) => m.startsWith('BYE'));
    assert.ok(invite >= 0 && firstBye >= 0, `both were sent: ${sent.join(', ')}`);
    assert.ok(invite < firstBye, `the seat rang before the teardown went out: ${sent.join(', ')}`);
    await rig.event('seat-answered', (e) => e.callId === next.call.callId);
    await next.caller.bye();
    await noLeaks(rig);
  });

  it('an offer that finds the pool empty still rings its seat, and is counted for /metrics (the pool is too small)', async () => {
    rig = await startRig({ endpointPool: { size: 1 } });
    await until(() => rig.tel.spareEndpoints() === 1, 'one spare ready');
    const a = rig.seat('1111@10.1.0.121', { kind: 'answer', ringMs: 5, answerAfterMs: 20 });
    const b = rig.seat('1112@10.1.0.122', { kind: 'answer', ringMs: 5, answerAfterMs: 20 });
    const one = await rig.arrive({ number: '13800001111' });
    const two = await rig.arrive({ number: '13800001112' });
    assert.equal(rig.tel.health().counters.offersWithoutSpare, 0);
    // Two offers at once: the first takes the only spare, the second waits for FreeSWITCH to make one.
    const [oa, ob] = await Promise.all([rig.offerTo(one.call, a), rig.offerTo(two.call, b)]);
    await rig.event('seat-answered', (e) => e.offerId === oa);
    await rig.event('seat-answered', (e) => e.offerId === ob);
    assert.equal(rig.tel.health().counters.offersWithoutSpare, 1);
    await one.caller.bye();
    await two.caller.bye();
    await noLeaks(rig);
  });

  it('a spare FreeSWITCH dropped is never handed out: the offer gets a live one and connects', async () => {
    rig = await startRig({ endpointPool: { size: 2 } });
    await until(() => rig.fs.spares().length === 2, 'two spares ready');
    const dropped = rig.fs.spares();
    // A media timeout on the switch: FreeSWITCH hangs the parked spares up by itself.
    for (const ch of dropped) rig.fs.hangup(ch, 'MEDIA_TIMEOUT', true);
    const droppedPorts = dropped.map((c) => audioPort(c.localSdp));
    const seat = rig.seat('1102@10.1.0.112', { kind: 'answer', ringMs: 5, answerAfterMs: 20 });
    const { caller, call } = await rig.arrive({ number: '13800001102' });
    const offerId = await rig.offerTo(call, seat);
    await rig.event('seat-answered', (e) => e.offerId === offerId);
    assert.ok(!droppedPorts.includes(audioPort(seat.invites[0]!.body)), 'a dropped spare was not used');
    await until(() => rig.fs.spares().length === 2, 'pool refilled after the drops');
    await caller.bye();
    await noLeaks(rig);
  });

  it('the reconciler leaves held spares alone', async () => {
    rig = await startRig({ endpointPool: { size: 2 } });
    await until(() => rig.fs.spares().length === 2, 'two spares ready');
    const killed = await rig.tel.reconcileChannels();
    assert.deepEqual(killed, []);
    assert.equal(rig.fs.spares().length, 2);
  });

  it('shutdown releases every spare: nothing left on FreeSWITCH or in drachtio', async () => {
    rig = await startRig({ endpointPool: { size: 4 } });
    await until(() => rig.fs.spares().length === 4, 'four spares ready');
    await rig.tel.stop();
    await until(() => rig.fs.liveChannels({ spares: true }) === 0 && rig.drachtio.openDialogs() === 0, 'every spare hung up');
  });

  it('with FreeSWITCH unreachable no spare is kept; they come back with it', async () => {
    rig = await startRig({ endpointPool: { size: 2 } });
    await until(() => rig.fs.spares().length === 2, 'two spares ready');
    rig.fs.dropEsl(true);
    await until(() => rig.tel.spareEndpoints() === 0, 'spares given up with the event socket');
    rig.fs.restore();
    await until(() => rig.tel.spareEndpoints() === 2 && rig.fs.spares().length === 2, 'spares back');
  });
});

describe('drachtio adapter: the seat INVITE is lean', function () {
  let rig: Rig;
  afterEach(async () => {
    await rig?.stop();
  });

  for (const pool of [0, 2]) {
    it(`audio only, the configured codecs in order, no crypto (pool ${pool ? 'on' : 'off'})`, async () => {
      rig = await startRig({ endpointPool: { size: pool }, codecs: ['PCMU', 'PCMA'] });
      if (pool) await until(() => rig.fs.spares().length === pool, 'spares ready');
      const seat = rig.seat('1103@10.1.0.113', { kind: 'answer', ringMs: 5, answerAfterMs: 20 });
      const { caller, call } = await rig.arrive({ number: '13800001103' });
      const offerId = await rig.offerTo(call, seat);
      await rig.event('seat-answered', (e) => e.offerId === offerId);
      const sdp = seat.invites[0]!.body;
      const media = sdp.split(/\r?\n/).filter((l) => l.startsWith('m='));
      assert.deepEqual(media.map((m) => m.split(' ').slice(0, 3).join(' ').replace(/ \d+ /, ' PORT ')), ['m=audio PORT RTP/AVP']);
      const names = [...sdp.matchAll(/^a=rtpmap:\d+ ([^/]+)/gm)].map((m) => m[1]);
      assert.deepEqual(names, ['PCMU', 'PCMA', 'telephone-event']);
      assert.doesNotMatch(sdp, /a=crypto|m=video|m=text|opus|G722/);
      assert.ok(Buffer.byteLength(sdp) < 400, `small offer (${Buffer.byteLength(sdp)} bytes)`);
      await caller.bye();
      await noLeaks(rig);
    });
  }

  it('an offer FreeSWITCH could not make lean (no audio) is passed on unchanged rather than emptied', () => {
    const odd = 'v=0\r\no=x 1 1 IN IP4 127.0.0.1\r\ns=x\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video 4000 RTP/AVP 96\r\n';
    assert.equal(leanOffer(odd, { codecs: ['PCMA'], srtp: false }), odd);
  });

  it('a sips: contact keeps SRTP: the encrypted audio stream and its keys, still no video or text', () => {
    const fat = freeswitchOfferSdp('127.0.0.1', 4000);
    assert.ok(wantsSrtp('sips:1001@desk.example'));
    assert.ok(!wantsSrtp('sip:1001@desk.example'));
    const lean = leanOffer(fat, { codecs: ['PCMA'], srtp: true });
    assert.match(lean, /^m=audio 4000 RTP\/SAVP 8 101$/m);
    assert.equal([...lean.matchAll(/^a=crypto:/gm)].length, 9);
    assert.doesNotMatch(lean, /m=video|m=text|^m=audio .* RTP\/AVP /m);
  });

  it('codecs nobody configured are not offered, but a list with none of them keeps the switch’s own', () => {
    const fat = freeswitchOfferSdp('127.0.0.1', 4000);
    assert.match(leanOffer(fat, { codecs: ['G722', 'PCMA'], srtp: false }), /^m=audio 4000 RTP\/AVP 9 8 101$/m);
    assert.match(leanOffer(fat, { codecs: ['AMR'], srtp: false }), /^m=audio 4000 RTP\/AVP 9 8 0 102 101$/m);
  });

  it("the caller's offer keeps every codec, the configured ones first, so FreeSWITCH answers with the preferred one", () => {
    const caller = 'v=0\r\no=- 1 1 IN IP4 10.20.0.5\r\ns=caller\r\nc=IN IP4 10.20.0.5\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 9 8 101\r\na=rtpmap:101 telephone-event/8000\r\n';
    const sdp = preferCodecs(caller, ['PCMA', 'PCMU']);
    assert.equal(sdp, caller.replace('RTP/AVP 0 9 8 101', 'RTP/AVP 8 0 9 101'));
    assert.equal(preferCodecs(caller, ['opus']), caller, 'nothing configured on offer: unchanged');
  });
});

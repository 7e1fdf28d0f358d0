/**
 * A shift lead listens, whispers and barges on a live call through FreeSWITCH `eavesdrop` (the
 * double records which legs hear which), and nothing is left behind whoever hangs up first.
 */
import assert from 'node:assert/strict';
import type { SeatPhone } from '../../../fixtures/doubles/seat-phone.js';
import type { EmulatedCaller } from '../../../fixtures/doubles/emulated-caller.js';
import type { InboundCall } from '../../../telephony/telephony-port.js';
import { noLeaks, startRig, until, type Rig } from './rig.js';

describe('drachtio adapter: supervision (listen, whisper, barge)', function () {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig();
  });
  afterEach(async () => {
    await rig.stop();
  });

  let n = 0;
  async function connectedCall(): Promise<{ caller: EmulatedCaller; call: InboundCall; seat: SeatPhone }> {
    n++;
    const seat = rig.seat(`70${n}@10.1.0.7${n}`, { kind: 'answer', answerAfterMs: 10 });
    const { caller, call } = await rig.arrive();
    await rig.offerTo(call, seat);
    await rig.event('seat-answered', (e) => e.callId === call.callId);
    return { caller, call, seat };
  }

  /** The three FreeSWITCH legs by what they do: the lead runs eavesdrop on the seat leg, bridged to the caller. */
  function legs() {
    const [[leadUuid, e] = []] = [...rig.fs.apps.eavesdrops];
    assert.ok(leadUuid && e, 'an eavesdrop is running');
    const seat = rig.fs.channels.get(e.target);
    assert.ok(seat?.bridgedWith, 'the eavesdropped leg is the seat leg, bridged to the caller');
    return { lead: leadUuid, seat: seat.uuid, caller: seat.bridgedWith };
  }

  function audio() {
    const l = legs();
    const who = (uuid: string) => (uuid === l.lead ? 'lead' : uuid === l.seat ? 'agent' : uuid === l.caller ? 'caller' : uuid);
    const hears = (uuid: string) => rig.fs.apps.hears(uuid).map(who).sort();
    return { lead: hears(l.lead), agent: hears(l.seat), caller: hears(l.caller) };
  }

  it('listen, then whisper, then barge, then leave: the audio paths follow, without redialling', async () => {
    const { caller, call } = await connectedCall();
    const lead = rig.seat('8001@10.8.0.1', { kind: 'answer', answerAfterMs: 10 });
    await rig.tel.supervise(call.callId, { supervisionId: 'sv-1', contact: lead.uri, mode: 'listen' });
    assert.equal((await rig.event('supervision-started')).mode, 'listen');
    await until(() => rig.fs.apps.eavesdrops.size === 1, 'eavesdrop running on FreeSWITCH');
    assert.deepEqual(audio(), { lead: ['agent', 'caller'], agent: ['caller'], caller: ['agent'] }, 'listen: the lead hears both, nobody hears the lead');
    const invites = rig.drachtio.openDialogs();

    await rig.tel.setSupervisionMode(call.callId, 'sv-1', 'whisper');
    assert.equal((await rig.event('supervision-mode', (e) => e.mode === 'whisper')).supervisionId, 'sv-1');
    assert.deepEqual(audio(), { lead: ['agent', 'caller'], agent: ['caller', 'lead'], caller: ['agent'] }, 'whisper: only the agent hears the lead');

    await rig.tel.setSupervisionMode(call.callId, 'sv-1', 'barge');
    await rig.event('supervision-mode', (e) => e.mode === 'barge');
    assert.deepEqual(audio(), { lead: ['agent', 'caller'], agent: ['caller', 'lead'], caller: ['agent', 'lead'] }, 'barge: both hear the lead');
    const leadCh = rig.fs.channels.get(legs().lead);
    assert.deepEqual(leadCh?.history.filter((h) => h.startsWith('dtmf:')), ['dtmf:2', 'dtmf:3'], 'modes moved by the eavesdrop digits');
    assert.equal(leadCh?.vars.get('hotline_supervision_mode'), 'barge');
    assert.equal(rig.drachtio.openDialogs(), invites, 'no new leg for a mode change');

    await rig.tel.setSupervisionMode(call.callId, 'sv-1', 'listen');
    await rig.event('supervision-mode', (e) => e.mode === 'listen');
    assert.deepEqual(audio().caller, ['agent']);

    await rig.tel.endSupervision(call.callId, 'sv-1');
    assert.equal((await rig.event('supervision-ended')).reason, 'left');
    await until(() => lead.byeReceived, 'lead phone hung up');
    assert.equal(rig.fs.apps.eavesdrops.size, 0);
    assert.equal(rig.fs.liveChannels(), 2, 'caller and agent still talking');
    assert.equal(rig.tel.health().liveCalls, 1);
    assert.ok(!rig.events.some((e) => e.type === 'call-ended'), 'the call goes on');

    await caller.bye();
    await rig.event('call-ended');
    await noLeaks(rig);
  });

  it('starts straight in whisper or barge from the channel variables', async () => {
    const { caller, call } = await connectedCall();
    const lead = rig.seat('8002@10.8.0.2', { kind: 'answer', answerAfterMs: 10 });
    await rig.tel.supervise(call.callId, { supervisionId: 'sv-2', contact: lead.uri, mode: 'whisper' });
    await rig.event('supervision-started');
    await until(() => rig.fs.apps.eavesdrops.size === 1, 'eavesdrop running on FreeSWITCH');
    assert.deepEqual(audio(), { lead: ['agent', 'caller'], agent: ['caller', 'lead'], caller: ['agent'] });
    await caller.bye();
    await noLeaks(rig);
  });

  for (const who of ['caller', 'agent', 'lead'] as const) {
    it(`nothing is left when the ${who} hangs up first`, async () => {
      const { caller, call, seat } = await connectedCall();
      const lead = rig.seat(`81${who.length}@10.8.1.${who.length}`, { kind: 'answer', answerAfterMs: 10 });
      await rig.tel.supervise(call.callId, { supervisionId: `sv-${who}`, contact: lead.uri, mode: 'barge' });
      await rig.event('supervision-started');
      if (who === 'caller') await caller.bye();
      else if (who === 'agent') await seat.hangUp();
      else await lead.hangUp();
      const ended = await rig.event('supervision-ended');
      assert.equal(ended.reason, who === 'lead' ? 'lead-hangup' : 'call-ended');
      if (who !== 'lead') {
        await until(() => lead.byeReceived, 'lead phone hung up');
        const i = rig.events.indexOf(ended);
        const j = rig.events.findIndex((e) => e.type === 'call-ended');
        assert.ok(j > i, 'supervision-ended comes before call-ended');
      } else {
        await until(() => rig.fs.liveChannels() === 2, 'the lead leg gone');
        assert.equal(rig.tel.health().liveCalls, 1, 'caller and agent go on');
        await caller.bye();
      }
      await rig.event('call-ended');
      await noLeaks(rig);
    });
  }

  it('the lead hanging up while drachtio reconnects (BYE lost): the probe finds the dialog gone, only the lead leaves', async () => {
    const { caller, call } = await connectedCall();
    const lead = rig.seat('8006@10.8.0.6', { kind: 'answer', answerAfterMs: 10 });
    await rig.tel.supervise(call.callId, { supervisionId: 'sv-6', contact: lead.uri, mode: 'listen' });
    await rig.event('supervision-started');
    rig.drachtio.dropConnections(true);
    await until(() => !rig.tel.health().ok, 'outage seen');
    rig.drachtio.restore();
    await until(() => rig.tel.health().ok && rig.drachtio.readyApps > 0, 'reconnected');
    await lead.hangUp();
    assert.equal((await rig.event('supervision-ended')).reason, 'lead-hangup');
    await until(() => rig.fs.liveChannels() === 2, 'the lead leg released');
    assert.ok(!rig.events.some((e) => e.type === 'call-ended'), 'caller and agent talk on');
    await caller.bye();
    await rig.event('call-ended');
    await noLeaks(rig);
  });

  it('a seat released back to the queue ends the supervision (seat-gone); the caller waits on', async () => {
    const { caller, call } = await connectedCall();
    const lead = rig.seat('8003@10.8.0.3', { kind: 'answer', answerAfterMs: 10 });
    await rig.tel.supervise(call.callId, { supervisionId: 'sv-3', contact: lead.uri, mode: 'listen' });
    await rig.event('supervision-started');
    await rig.tel.releaseSeat(call.callId, 'zh');
    assert.equal((await rig.event('supervision-ended')).reason, 'seat-gone');
    await until(() => lead.byeReceived, 'lead phone hung up');
    await caller.bye();
    await noLeaks(rig);
  });

  it('a lead who does not answer, or leaves while ringing, leaves nothing behind', async () => {
    const { caller, call } = await connectedCall();
    const busy = rig.seat('8004@10.8.0.4', { kind: 'reject', status: 486 });
    await rig.tel.supervise(call.callId, { supervisionId: 'sv-4', contact: busy.uri, mode: 'listen' });
    const failed = await rig.event('supervision-ended', (e) => e.supervisionId === 'sv-4');
    assert.equal(failed.reason, 'lead-unreachable');
    assert.equal(failed.sipStatus, 486);

    const silent = rig.seat('8005@10.8.0.5', { kind: 'no-answer' });
    await rig.tel.supervise(call.callId, { supervisionId: 'sv-5', contact: silent.uri, mode: 'listen' });
    await until(() => silent.ringing, 'lead phone ringing');
    await rig.tel.endSupervision(call.callId, 'sv-5');
    assert.equal((await rig.event('supervision-ended', (e) => e.supervisionId === 'sv-5')).reason, 'left');
    await until(() => !silent.ringing && rig.fs.liveChannels() === 2, 'the lead phone stops ringing, its leg is gone');
    await caller.bye();
    await noLeaks(rig);
  });

  it('FreeSWITCH silent on the lead\'s endpoint: a typed timeout, the citizen\'s call goes on, nothing left', async () => {
    const { caller, call } = await connectedCall();
    rig.fs.failEndpoints('no-answer');
    await assert.rejects(rig.tel.supervise(call.callId, { supervisionId: 'sv-9', contact: 'sip:8009@10.8.0.9', mode: 'listen' }), { code: 'timeout' });
    assert.equal(rig.tel.health().liveCalls, 1);
    assert.ok(!rig.events.some((e) => e.type === 'call-ended'), 'the call was not ended for the lead\'s sake');
    await caller.bye();
    await rig.event('call-ended');
    await noLeaks(rig);
  });

  it('refuses a call nobody is talking on, and a bad request', async () => {
    const { caller, call } = await rig.arrive();
    await assert.rejects(rig.tel.supervise(call.callId, { supervisionId: 'sv-6', contact: 'sip:8006@10.8.0.6', mode: 'listen' }), { code: 'invalid-state' });
    await assert.rejects(rig.tel.supervise(call.callId, { supervisionId: 'sv-7', contact: 'not a phone', mode: 'listen' }), { code: 'invalid-input' });
    await assert.rejects(rig.tel.supervise(call.callId, { supervisionId: 'sv-8', contact: 'sip:8006@10.8.0.6', mode: 'shout' as never }), { code: 'invalid-input' });
    assert.ok(!rig.events.some((e) => e.type.startsWith('supervision')));
    await caller.hangUp();
    await noLeaks(rig);
  });
});

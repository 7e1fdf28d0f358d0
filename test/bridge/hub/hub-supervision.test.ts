import { strict as assert } from 'node:assert';
import type { SupervisionView } from '../../../bridge/calls/call-center-api.js';
import { hubConfig } from './support/hub-config.js';
import { ask, next, startHarness, type Desktop, type Harness } from './support/hub-harness.js';

describe('hub: a shift lead listens, whispers and barges', () => {
  let h: Harness;
  beforeEach(async () => {
    const config = hubConfig();
    // lead1 also answers calls at A02 (their own seat); both have an office phone on record.
    config.users = config.users.map((u) => (u.id === 'lead1' ? { ...u, seat: 'A02', officeContact: 'sip:lead1@lab' } : { ...u, officeContact: 'sip:admin@lab' }));
    h = await startHarness({ config });
  });
  afterEach(() => h.close());

  async function talking(seat: Desktop, callerNumber: string): Promise<string> {
    const offer = next(seat, 'offer');
    h.placeCall(callerNumber);
    const { callId } = await offer;
    assert.ok((await ask(seat, 'offer:accept', { callId })).ok);
    assert.equal(h.callCenter.call(callId)?.state, 'connected');
    return callId;
  }

  it('listen → whisper → barge → leave: audited with who, which call, which mode, how long; the agent sees it only when heard', async () => {
    const a01 = await h.connect('A01');
    const callId = await talking(a01.socket, '13800001111');
    const lead = await h.connect('lead1');
    assert.ok(lead.snapshot.liveCalls?.some((c) => c.id === callId), 'the lead picks from the live calls');
    let agentTold = 0;
    a01.socket.on('supervised', () => agentTold++);

    const joined = next(lead.socket, 'supervision', (v) => v.state === 'joined');
    const res = await ask(lead.socket, 'lead:supervise', { callId, mode: 'listen', contact: { kind: 'office' } });
    assert.ok(res.ok, JSON.stringify(res.error));
    const sv = res.result as SupervisionView;
    assert.equal(sv.state, 'dialling');
    assert.equal((await joined).mode, 'listen');
    assert.deepEqual(h.lab.supervisionsOf(callId)[0]?.audio.hearLead, []);
    assert.equal(agentTold, 0, 'a silent listen is not shown to the agent (default setting)');

    const banner = next(a01.socket, 'supervised', (p) => p.active && p.mode === 'whisper');
    assert.ok((await ask(lead.socket, 'lead:supervision-mode', { supervisionId: sv.id, mode: 'whisper' })).ok);
    assert.equal((await banner).leadName, '王丽');
    const barged = next(lead.socket, 'supervision', (v) => v.mode === 'barge');
    assert.ok((await ask(lead.socket, 'lead:supervision-mode', { supervisionId: sv.id, mode: 'barge' })).ok);
    await barged;
    assert.deepEqual(h.lab.supervisionsOf(callId)[0]?.audio.hearLead, ['caller', 'agent']);

    const gone = next(a01.socket, 'supervised', (p) => !p.active);
    const ended = next(lead.socket, 'supervision', (v) => v.state === 'ended');
    assert.ok((await ask(lead.socket, 'lead:supervision-leave', { supervisionId: sv.id })).ok);
    assert.equal((await ended).endReason, 'left');
    await gone;

    const trail = await ask(lead.socket, 'lead:audit', { limit: 20 });
    const entries = (trail.result as { entries: { actor: string; action: string; detail: Record<string, unknown> }[] }).entries.filter((e) => e.action.startsWith('supervision'));
    assert.deepEqual(entries.map((e) => `${e.action}:${String(e.detail.mode ?? e.detail.to)}`).reverse(), ['supervision-started:listen', 'supervision-mode:whisper', 'supervision-mode:barge', 'supervision-ended:barge']);
    assert.ok(entries.every((e) => e.actor === 'lead1' && e.detail.callId === callId));
    const end = entries.find((e) => e.action === 'supervision-ended');
    assert.equal(typeof end?.detail.durationMs, 'number');
    assert.equal(h.callCenter.call(callId)?.state, 'connected', 'the call goes on');
    assert.equal(h.callCenter.seat('A01')?.callsHandled, 1, 'the lead leg never counts as a seat call: only the agent\'s own');
    assert.equal(h.callCenter.liveCalls().length, 1);
    assert.equal(h.callCenter.seat('A02')?.state, 'offline', 'the lead\'s own seat is untouched');
  });

  it('refuses an agent, and a lead on their own seat\'s call', async () => {
    const a01 = await h.connect('A01');
    const a02 = await h.connect('A02');
    const callId = await talking(a01.socket, '13800002222');
    for (const [cmd, payload] of [
      ['lead:supervise', { callId, mode: 'listen', contact: { kind: 'typed', number: '13900001234' } }],
      ['lead:supervision-mode', { supervisionId: 'sv-x', mode: 'barge' }],
      ['lead:supervision-leave', { supervisionId: 'sv-x' }],
    ] as const) {
      assert.equal((await ask(a02.socket, cmd, payload)).error?.code, 'forbidden', cmd);
    }
    await ask(a02.socket, 'seat:available', {});
    const own = await talking(a02.socket, '13800003333');
    const lead = await h.connect('lead1');
    const refused = await ask(lead.socket, 'lead:supervise', { callId: own, mode: 'listen', contact: { kind: 'office' } });
    assert.equal(refused.error?.code, 'forbidden');
    assert.equal(h.lab.supervisionsOf().length, 0);
    assert.equal((await ask(lead.socket, 'lead:supervise', { callId, mode: 'listen', contact: { kind: 'home' } })).error?.code, 'invalid-input', 'no home contact on record');
    assert.equal((await ask(lead.socket, 'lead:supervise', { callId, mode: 'shout', contact: { kind: 'office' } })).error?.code, 'invalid-input');
  });

  it('the agent or the lead hanging up first ends the supervision with its reason, and nothing is left', async () => {
    const a01 = await h.connect('A01');
    const lead = await h.connect('lead1');
    for (const who of ['lead', 'agent'] as const) {
      const callId = await talking(a01.socket, who === 'lead' ? '13800005555' : '13800006666');
      const joined = next(lead.socket, 'supervision', (v) => v.state === 'joined');
      const res = await ask(lead.socket, 'lead:supervise', { callId, mode: 'whisper', contact: { kind: 'office' } });
      const sv = res.result as SupervisionView;
      await joined;
      const ended = next(lead.socket, 'supervision', (v) => v.id === sv.id && v.state === 'ended');
      if (who === 'lead') assert.ok(h.lab.leadHangsUp(sv.id));
      else assert.ok((await ask(a01.socket, 'call:hangup', { callId })).ok);
      assert.equal((await ended).endReason, who === 'lead' ? 'lead-hangup' : 'call-ended');
      assert.equal(h.callCenter.supervisions().length, 0);
      assert.equal(h.lab.supervisionsOf().length, 0);
      if (who === 'lead') {
        assert.equal(h.callCenter.call(callId)?.state, 'connected', 'caller and agent talk on');
        assert.ok((await ask(a01.socket, 'call:hangup', { callId })).ok);
      }
      assert.ok((await ask(a01.socket, 'seat:wrap-up', { disposition: 'resolved' })).ok);
      await ask(a01.socket, 'seat:available', {});
    }
    assert.equal(h.lab.health().liveChannels, 0, 'no leg left on the switch');
  });

  it('the caller hanging up ends the supervision with a reason; an admin may supervise too', async () => {
    const a01 = await h.connect('A01');
    const callId = await talking(a01.socket, '13800004444');
    const admin = await h.connect('admin');
    const joined = next(admin.socket, 'supervision', (v) => v.state === 'joined');
    assert.ok((await ask(admin.socket, 'lead:supervise', { callId, mode: 'barge', contact: { kind: 'typed', number: '13900005678' } })).ok);
    await joined;
    const gone = next(a01.socket, 'supervised', (p) => !p.active);
    const ended = next(admin.socket, 'supervision', (v) => v.state === 'ended');
    h.lab.callerHangsUp(callId);
    assert.equal((await ended).endReason, 'call-ended');
    await gone;
    assert.equal(h.callCenter.supervisions().length, 0);
  });
});

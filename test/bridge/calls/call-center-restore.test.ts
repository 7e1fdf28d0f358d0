import assert from 'node:assert/strict';
import { CallState, SeatState } from '../../../bridge/calls/call-center-api.js';
import type { SavedCentreState } from '../../../bridge/home-seat/centre-state.js';
import { Rig, T0, target, testConfig } from './call-center-fixture.js';

const typhoonHome: SavedCentreState = {
  centre: { mode: 'home', preset: 'typhoon', reason: '台风“摩羯”登陆', by: 'lead1', since: T0 - 3_600_000 },
  overrides: [{ seatId: 'kk1', mode: 'office', reason: '住在单位', by: 'lead1', at: T0 - 1_800_000 }],
  seats: [
    { seatId: 'zh1', state: 'not-ready', reason: 'meal', since: T0 - 600_000 },
    { seatId: 'em1', state: 'available', reason: null, since: T0 - 600_000 },
  ],
};

describe('CallCenterService: restore after a restart', () => {
  it('comes back in home mode with its preset and overrides, before any call is routed, and says so in one line', async () => {
    const r = new Rig();
    const report = r.cc.restore(typhoonHome);
    assert.match(report.summary, /^centre mode home \(typhoon\) since \d\d:\d\d by lead1; 1 seat override\(s\); 1 seat\(s\) not ready$/);
    assert.deepEqual(report.problems, []);
    assert.equal(r.cc.centreMode().mode, 'home');
    assert.equal(r.cc.centreMode().preset, 'typhoon');
    assert.equal(r.cc.seat('zh1')!.contactMode, 'home');
    assert.equal(r.cc.seat('kk1')!.contactMode, 'office', 'the per-seat override is back');
    assert.equal(r.cc.seat('kk1')!.modeOverride, 'office');
    // The typhoon preset folds the social desk into the general pool: a social call rings a general seat.
    r.cc.login('kk1');
    const id = await r.arrive({}, target({ desk: 'social' }));
    assert.equal(r.tel.lastOffer(id)?.seatId, 'kk1');
    assert.equal(r.tel.lastOffer(id)?.contact, 'sip:kk1@office');
  });

  it('a seat left on a meal break is still on it when its agent logs in again, and is not rung', async () => {
    const r = new Rig();
    r.cc.restore(typhoonHome);
    assert.equal(r.cc.seat('zh1')!.state, SeatState.Offline, 'no desktop yet: never rung');
    r.cc.login('zh1');
    assert.equal(r.cc.seat('zh1')!.state, SeatState.NotReady);
    assert.equal(r.cc.seat('zh1')!.notReadyReason, 'meal');
    const id = await r.arrive();
    assert.equal(r.cc.call(id)!.state, CallState.Queued);
    // A later login (after a proper logout) starts fresh: available, so the waiting call rings it.
    r.cc.logout('zh1');
    r.cc.login('zh1');
    assert.equal(r.cc.seat('zh1')!.state, SeatState.Reserved);
    assert.equal(r.tel.lastOffer(id)?.seatId, 'zh1');
  });

  it('lab mode: simulated seats resume their states at once', () => {
    const r = new Rig({ autoLoginSeats: true });
    r.cc.restore({ centre: null, overrides: [], seats: [{ seatId: 'so1', state: 'not-ready', reason: 'training', since: T0 }, { seatId: 'kk1', state: 'offline', reason: null, since: T0 }] });
    assert.equal(r.cc.seat('so1')!.state, SeatState.NotReady);
    assert.equal(r.cc.seat('so1')!.notReadyReason, 'training');
    assert.equal(r.cc.seat('kk1')!.state, SeatState.Offline);
    assert.equal(r.cc.seat('zh1')!.state, SeatState.Available);
  });

  it('a restored mode naming a preset no longer in the config starts in office mode, loudly, and audited', () => {
    const r = new Rig();
    const report = r.cc.restore({ ...typhoonHome, centre: { ...typhoonHome.centre!, preset: 'flood-2023' } });
    assert.equal(r.cc.centreMode().mode, 'office');
    assert.equal(r.cc.centreMode().preset, null);
    assert.equal(report.problems.length, 1);
    assert.match(report.problems[0]!, /flood-2023.*OFFICE/);
    const audit = r.events.find((e) => e.type === 'audit');
    assert.ok(audit?.type === 'audit' && audit.entry.action === 'centre-mode-restore-failed' && audit.entry.detail.preset === 'flood-2023');
  });

  it('overrides and states of seats no longer configured are reported, not applied', () => {
    const r = new Rig();
    const report = r.cc.restore({ centre: null, overrides: [{ seatId: 'gone', mode: 'home', reason: 'x', by: 'lead1', at: T0 }], seats: [{ seatId: 'gone2', state: 'not-ready', reason: 'meal', since: T0 }] });
    assert.match(report.problems.join(' '), /gone/);
    assert.match(report.summary, /0 seat override\(s\); 0 seat\(s\) not ready/);
  });
});

describe('CallCenterService: wrap-up drafts', () => {
  async function inWrapUp(r: Rig, seat = 'zh1'): Promise<string> {
    r.cc.login(seat);
    const id = await r.arrive();
    r.answer(id);
    await r.cc.hangup(seat, id);
    assert.equal(r.cc.seat(seat)!.state, SeatState.WrapUp);
    return id;
  }
  const wrapDone = (r: Rig, id: string) => {
    const e = r.events.find((x) => x.type === 'call' && x.kind === 'wrap-up-done' && x.call.id === id);
    return e?.type === 'call' ? e.detail : undefined;
  };

  it('what the agent typed is kept as auto-closed when wrap-up time runs out', async () => {
    const r = new Rig();
    const id = await inWrapUp(r);
    r.cc.saveWrapUpDraft('zh1', { category: '供水', note: '停水三' });
    r.cc.saveWrapUpDraft('zh1', { disposition: 'callback', category: '供水', note: '停水三天，明早回访' });
    await r.clock.advance(20_000);
    assert.equal(r.cc.seat('zh1')!.state, SeatState.Available);
    assert.deepEqual(wrapDone(r, id), { auto: true, disposition: 'auto-closed', draftDisposition: 'callback', category: '供水', note: '停水三天，明早回访', typed: true, attended: true });
  });

  it('a completed wrap-up wins over the draft; with nothing typed the timeout says so', async () => {
    const r = new Rig();
    const a = await inWrapUp(r);
    r.cc.saveWrapUpDraft('zh1', { note: 'draft' });
    r.cc.completeWrapUp('zh1', { disposition: 'resolved', note: 'final' });
    assert.deepEqual(wrapDone(r, a), { disposition: 'resolved', note: 'final', auto: false, attended: true });
    const b = await inWrapUp(r);
    await r.clock.advance(20_000);
    assert.deepEqual(wrapDone(r, b), { auto: true, disposition: 'auto-closed', typed: false, attended: true });
  });

  it('a desk with 0 s wrap-up closes it at once, marked instant (nobody could have typed)', async () => {
    const config = testConfig();
    config.desks = config.desks.map((d) => (d.id === 'general' ? { ...d, wrapUpSeconds: 0 } : d));
    const r = new Rig({ config });
    r.cc.login('zh1');
    const id = await r.arrive();
    r.answer(id);
    await r.cc.hangup('zh1', id);
    assert.equal(r.cc.seat('zh1')!.state, SeatState.Available);
    assert.deepEqual(wrapDone(r, id), { auto: true, disposition: 'auto-closed', typed: false, attended: true, instant: true });
  });

  it('a draft is refused outside wrap-up and for a seat that holds no call', async () => {
    const r = new Rig();
    r.cc.login('zh1');
    assert.throws(() => r.cc.saveWrapUpDraft('zh1', { note: 'x' }), /not in wrap-up/);
    assert.throws(() => r.cc.saveWrapUpDraft('nobody', { note: 'x' }), /no seat/);
    r.cc.setNotReady('zh1', 'meal');
    await inWrapUp(r, 'kk1');
    assert.throws(() => r.cc.saveWrapUpDraft('kk1', { note: 'x'.repeat(3000) }), /note/);
  });
});

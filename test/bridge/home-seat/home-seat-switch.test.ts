/** The home-seat switch as a shift lead uses it, through CallCenterService. */
import assert from 'node:assert/strict';
import { CallState, CommandError, SeatState } from '../../../bridge/calls/call-center-api.js';
import { Rig, settle, target } from '../calls/call-center-fixture.js';

const rejectsWith = (code: string) => (e: unknown) => e instanceof CommandError && e.code === code;

describe('home-seat mode', () => {
  it('pre-flight names the seats with no home contact', () => {
    const r = new Rig();
    const p = r.cc.preflight('home');
    assert.deepEqual(p.noHomeContact.map((s) => s.seatId).sort(), ['em1', 'kk1']);
    assert.equal(p.ready, 2);
  });

  it('after the switch new offers ring the home contact with the longer ring timeout; seats without one are skipped', async () => {
    const r = new Rig({ autoLoginSeats: true });
    r.cc.setCentreMode('lead1', 'home', '台风“摩羯”', null);
    assert.equal(r.cc.centreMode().mode, 'home');
    assert.equal(r.cc.seat('zh1')!.contactMode, 'home');
    const id = await r.arrive();
    const offer = r.tel.lastOffer(id)!;
    assert.equal(offer.seatId, 'zh1'); // kk1 and em1 have no home contact: skipped, not offered
    assert.equal(offer.contact, 'sip:zh1@home.example');
    assert.equal(offer.ringTimeoutMs, 25_000);
    assert.equal(r.cc.call(id)!.contactMode, 'home');
    const ev = r.events.find((e) => e.type === 'offer');
    assert.ok(ev && ev.type === 'offer' && ev.contactMode === 'home');
    // The next zh/general call finds no reachable seat and waits instead of ringing a dead desk phone.
    const next = await r.arrive({ callerNumber: '13800000009' });
    assert.equal(r.cc.call(next)!.state, CallState.Queued);
  });

  it('a switch never touches calls in progress (ringing or connected)', async () => {
    const r = new Rig({ autoLoginSeats: true });
    const talking = await r.arrive({ callerNumber: '13800000001' });
    r.answer(talking);
    const ringing = await r.arrive({ callerNumber: '13800000002' });
    const ringSeat = r.tel.lastOffer(ringing)!.seatId;
    const before = r.tel.commands.length;
    r.cc.setCentreMode('lead1', 'home', 'typhoon');
    await settle();
    assert.deepEqual(r.tel.commands.slice(before).filter((c) => c.callId === talking || c.callId === ringing), []);
    assert.equal(r.cc.call(talking)!.state, CallState.Connected);
    assert.equal(r.cc.call(talking)!.contactMode, 'office');
    assert.equal(r.cc.call(ringing)!.state, CallState.Offering);
    assert.equal(r.cc.pendingOffer(ringSeat)!.contactMode, 'office');
    r.answer(ringing);
    assert.equal(r.cc.call(ringing)!.state, CallState.Connected);
  });

  it('every switch is audited and broadcast; a reason is required; unknown presets are refused', () => {
    const r = new Rig();
    assert.throws(() => r.cc.setCentreMode('lead1', 'home', '  '), rejectsWith('invalid-input'));
    assert.throws(() => r.cc.setCentreMode('lead1', 'home', 'storm', 'no-such'), rejectsWith('invalid-input'));
    r.cc.setCentreMode('lead1', 'home', 'storm');
    const mode = r.events.find((e) => e.type === 'centre-mode');
    assert.ok(mode && mode.type === 'centre-mode' && mode.by === 'lead1' && mode.reason === 'storm' && mode.mode === 'home');
    const audit = r.events.find((e) => e.type === 'audit');
    assert.ok(audit && audit.type === 'audit' && audit.entry.action === 'centre-mode' && audit.entry.detail.reason === 'storm');
  });

  it('a per-seat override sends one agent home while the centre stays in the office', async () => {
    const r = new Rig();
    r.cc.setSeatModeOverride('lead1', 'so1', 'home', 'flooded road');
    assert.equal(r.cc.seat('so1')!.modeOverride, 'home');
    assert.equal(r.cc.seat('so1')!.contactMode, 'home');
    r.cc.login('so1');
    const id = await r.arrive({}, target({ desk: 'social' }));
    assert.equal(r.tel.lastOffer(id)!.contact, '13900001111');
  });

  it('surge preset folds specialty desks into the general pool, keeps emergency reserved and shortens wrap-up', async () => {
    const r = new Rig();
    r.cc.login('zh1');
    r.cc.login('em1');
    r.cc.setNotReady('em1', 'break');
    r.cc.setSeatModeOverride('lead1', 'em1', 'office', 'emergency desk stays on site');
    r.cc.setCentreMode('lead1', 'home', 'typhoon', 'typhoon');
    assert.equal(r.cc.centreMode().preset, 'typhoon');
    assert.equal(r.cc.wallboard().activePreset, 'typhoon');
    const social = await r.arrive({ callerNumber: '13800000001' }, target({ desk: 'social' }));
    assert.equal(r.tel.lastOffer(social)!.seatId, 'zh1'); // a general seat takes the folded social call
    r.answer(social);
    await r.cc.hangup('zh1', social);
    assert.equal(r.cc.seat('zh1')!.wrapUpEndsAt, r.clock.now() + 5000);
    r.cc.setAvailable('em1');
    const general = await r.arrive({ callerNumber: '13800000002' });
    assert.equal(r.cc.call(general)!.state, CallState.Queued); // em1 is kept for emergency calls
    const emergency = await r.arrive({ callerNumber: '13800000003' }, target({ desk: 'emergency', priority: 100 }));
    assert.equal(r.tel.lastOffer(emergency)!.seatId, 'em1');
    r.cc.setCentreMode('lead1', 'office', 'typhoon over');
    assert.equal(r.cc.centreMode().preset, null);
    assert.equal(r.cc.seat('em1')!.state, SeatState.Reserved);
  });

  it('an unreachable home contact shows up in the next pre-flight', async () => {
    const r = new Rig({ autoLoginSeats: true });
    r.cc.setCentreMode('lead1', 'home', 'storm');
    const id = await r.arrive();
    const offer = r.tel.lastOffer(id)!;
    r.tel.emit({ type: 'seat-failed', callId: id, offerId: offer.offerId, reason: 'unreachable', sipStatus: 404 });
    const p = r.cc.preflight('home');
    assert.deepEqual(p.unreachable.map((u) => u.seatId), ['zh1']);
  });
});

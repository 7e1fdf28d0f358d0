import { strict as assert } from 'node:assert';
import { ask, next, startHarness, type Harness } from './support/hub-harness.js';

describe('hub: roles (only a lead switches home mode or forces states)', () => {
  let h: Harness;
  beforeEach(async () => (h = await startHarness({ hub: { wallboardIntervalMs: 50 } })));
  afterEach(() => h.close());

  it('an agent cannot switch home mode, override a seat, force a state, run a pre-flight or read the audit', async () => {
    const a01 = await h.connect('A01');
    const tries: [string, unknown][] = [
      ['lead:centre-mode', { mode: 'home', reason: '台风' }],
      ['lead:seat-mode', { seatId: 'A01', mode: 'home', reason: '在家' }],
      ['lead:force-state', { seatId: 'A02', state: 'available' }],
      ['lead:preflight', { mode: 'home' }],
      ['lead:audit', { limit: 10 }],
    ];
    for (const [event, payload] of tries) {
      const res = await ask(a01.socket, event, payload);
      assert.equal(res.error?.code, 'forbidden', event);
    }
    assert.equal(h.callCenter.centreMode().mode, 'office');
    assert.equal(h.callCenter.seat('A02')?.state, 'offline');
  });

  it('a lead switches to home mode with a reason: every desktop hears it, the audit records it', async () => {
    const a01 = await h.connect('A01');
    const lead = await h.connect('lead1');
    const report = await ask(lead.socket, 'lead:preflight', { mode: 'home' });
    assert.ok(report.ok);
    assert.deepEqual((report.result as { noHomeContact: { seatId: string }[] }).noHomeContact.map((s) => s.seatId), ['A02']);

    const agentHears = next(a01.socket, 'centre-mode');
    const audit = next(lead.socket, 'audit');
    assert.ok((await ask(lead.socket, 'lead:centre-mode', { mode: 'home', reason: '台风红色预警', presetId: 'typhoon' })).ok);
    const cm = await agentHears;
    assert.equal(cm.mode, 'home');
    assert.equal(cm.preset, 'typhoon');
    assert.equal(cm.by, 'lead1');
    assert.equal((await audit).entry.actor, 'lead1');
    const trail = await ask(lead.socket, 'lead:audit', { limit: 5, action: 'centre-mode' });
    const page = trail.result as { entries: { id: number; actor: string }[]; hasMore: boolean };
    assert.ok(page.entries.some((e) => e.actor === 'lead1'));
    assert.ok(page.entries.every((e) => typeof e.id === 'number'), 'entries carry their id: the paging cursor');
  });

  it('leads get the wallboard and seat updates; agents never get the wallboard', async () => {
    const lead = await h.connect('lead1');
    assert.ok(lead.snapshot.wallboard && Array.isArray(lead.snapshot.seats));
    const a01 = await h.connect('A01');
    assert.equal(a01.snapshot.wallboard, undefined);
    assert.equal(a01.snapshot.seats, undefined);
    // Lab mode: leads get what the "stage a call" form offers; agents do not.
    assert.ok(lead.snapshot.lab?.demoCallers.some((d) => d.id === 'repeatCaller' && d.number === '13909910006'));
    assert.ok(lead.snapshot.lab?.dialledNumbers.length);
    assert.equal(a01.snapshot.lab, undefined);
    let agentWallboards = 0;
    a01.socket.on('wallboard', () => agentWallboards++);
    const seatSeen = next(lead.socket, 'seat', (s) => s.seat.id === 'A01' && s.seat.state === 'not-ready');
    const moved = next(lead.socket, 'wallboard', (w) => w.seatsByState['not-ready'] === 1);
    assert.ok((await ask(a01.socket, 'seat:not-ready', { reason: 'meal' })).ok);
    await seatSeen;
    await moved;
    assert.equal(agentWallboards, 0);
  });

  it('a lead forces a seat not-ready; the agent\'s desktop sees its own seat change', async () => {
    const a01 = await h.connect('A01');
    const lead = await h.connect('lead1');
    const mine = next(a01.socket, 'seat', (s) => s.seat.state === 'not-ready');
    assert.ok((await ask(lead.socket, 'lead:force-state', { seatId: 'A01', state: 'not-ready', reason: 'training' })).ok);
    assert.equal((await mine).seat.notReadyReason, 'training');
  });
});

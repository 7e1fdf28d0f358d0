/**
 * The pop never waits on the store longer than store.popDeadlineMs (issue 9): past it the pop goes out
 * with the call facts and whatever else arrived, names what is missing, and a late store answer changes
 * nothing. Time is a manual clock; the slow store is the real SQLite store with its pop read held back.
 */
import { strict as assert } from 'node:assert';
import { StorePopAssembler } from '../../../bridge/pop/store-pop-assembler.js';
import { DeadlineMisses } from '../../../bridge/pop/deadline-misses.js';
import type { ScreenPop } from '../../../bridge/history/history-ports.js';
import type { ExternalTicket, WorkOrderSource } from '../../../bridge/history/work-order-client.js';
import type { CallerPopData, Store } from '../../../bridge/store/store-api.js';
import { ManualClock, settle } from '../../../telephony/lab/manual-clock.js';
import { sqliteBackend } from '../store/store-backends.js';
import { callView } from '../history/call-views.js';
import { popConfig } from './pop-config.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 10, 20, 2, 0, 0);
const ME = '13812341234';

/** The store with its pop read (and audit write) held until the test lets it go. */
function heldBack(store: Store): { store: Store; release(): void; fail(err: Error): void; asked: number } {
  let go: (() => void) | undefined;
  let stop: ((e: Error) => void) | undefined;
  const gate = new Promise<void>((ok, no) => {
    go = ok;
    stop = no;
  });
  gate.catch(() => undefined);
  const out = {
    asked: 0,
    release: () => go!(),
    fail: (e: Error) => stop!(e),
    store: Object.create(store, {
      popData: {
        value: async (...args: Parameters<Store['popData']>): Promise<CallerPopData> => {
          out.asked++;
          await gate;
          return store.popData(...args);
        },
      },
      appendAudit: {
        value: async (...args: Parameters<Store['appendAudit']>) => {
          await gate.catch(() => undefined);
          return store.appendAudit(...args);
        },
      },
    }) as Store,
  };
  return out;
}

describe('StorePopAssembler: the store deadline', function () {
  const backend = sqliteBackend();
  let store: Store;
  let clock: ManualClock;
  let misses: DeadlineMisses;
  beforeEach(async () => {
    store = await backend.open();
    clock = new ManualClock(NOW);
    misses = new DeadlineMisses({ what: 'screen-pop store lookups', deadlineMs: 300, now: () => clock.now() });
    // A caller with history the slow store would have shown: one contact, one open ticket.
    const base = { callId: 'past', caller: ME, dialledNumber: '12345', arrivedAt: NOW - DAY };
    await store.writeCallEvent({ ...base, at: NOW - DAY, kind: 'arrived', patch: { language: 'zh', desk: 'general' } });
    await store.writeCallEvent({ ...base, at: NOW - DAY + 5000, kind: 'answered', seatId: 'S09', patch: { answeredAt: NOW - DAY + 5000, seatId: 'S09', outcome: 'handled' } });
    await store.upsertTicket({ number: 'LOCAL', caller: ME, category: 'housing', status: 'in-progress', createdAt: NOW - DAY, dueAt: NOW + DAY });
  });
  afterEach(() => backend.cleanup());

  const current = () =>
    callView({ id: 'now', callerNumber: ME, arrivedAt: NOW - 42_000, target: { language: 'zh', languageStrength: 'required', desk: 'general', priority: 0, reasons: [{ source: 'number-plan', text: 'DID 12345 → 综合受理' }] } });

  function assembler(s: Store, over: { workOrders?: WorkOrderSource; mode?: 'beside' | 'instead'; deadlineMs?: number } = {}) {
    const config = popConfig(over.mode ? { externalWorkOrders: { baseUrl: 'http://127.0.0.1:9/api', timeoutMs: 300, mode: over.mode } } : {});
    config.store.popDeadlineMs = over.deadlineMs ?? 300;
    return new StorePopAssembler({ store: s, config, clock, misses, ...(over.workOrders ? { workOrders: over.workOrders } : {}) });
  }

  const ask = (a: StorePopAssembler): Promise<ScreenPop> => a.assemble({ call: current(), offerId: 'offer-1', seatId: 'S01', contactMode: 'office', viewer: 'S01', now: NOW });

  /** Resolves to the pop, or 'pending' if it has not gone out yet. */
  async function state(p: Promise<ScreenPop>): Promise<ScreenPop | 'pending'> {
    await settle();
    return Promise.race([p, Promise.resolve('pending' as const)]);
  }

  it('a store slower than the deadline: the pop goes out at the deadline with the call facts and says history and tickets are missing', async () => {
    const slow = heldBack(store);
    const pop = ask(assembler(slow.store));
    await clock.advance(299);
    assert.equal(await state(pop), 'pending', 'within the deadline the store is still waited for');
    await clock.advance(1);
    const p = await state(pop);
    assert.notEqual(p, 'pending', 'at the deadline the pop goes out');
    const out = p as ScreenPop;
    assert.deepEqual(out.missing, ['history', 'tickets']);
    assert.equal(out.call.callerNumber, ME);
    assert.deepEqual(out.call.reasons.map((r) => r.text), ['DID 12345 → 综合受理']);
    assert.deepEqual([out.contacts, out.tickets, out.flags], [[], [], []]);
    assert.equal(out.firstContact, false, 'unknown history is not a first contact');
    assert.equal(out.caller, null);
    assert.equal(misses.recent(), 1);
  });

  it('the late store answer changes nothing in the pop already sent', async () => {
    const slow = heldBack(store);
    const pop = ask(assembler(slow.store));
    await clock.advance(300);
    const sent = await pop;
    const copy = structuredClone(sent);
    slow.release();
    await settle();
    await settle();
    assert.deepEqual(sent, copy);
    // The store itself was fine: asked again in time, the same caller gets the full pop.
    const full = await assembler(store).assemble({ call: current(), offerId: 'offer-2', seatId: 'S01', contactMode: 'office', viewer: 'S01', now: NOW });
    assert.deepEqual(full.missing, []);
    assert.equal(full.contacts.length, 1);
    assert.deepEqual(full.tickets.map((t) => t.number), ['LOCAL']);
  });

  it('a store that answers in time gives the complete pop and counts no miss', async () => {
    const slow = heldBack(store);
    const pop = ask(assembler(slow.store));
    await clock.advance(100);
    slow.release();
    const out = await pop;
    assert.deepEqual(out.missing, []);
    assert.equal(out.contacts.length, 1);
    assert.equal(misses.recent(), 0);
  });

  it('a store that fails: history and tickets missing, not counted as a deadline miss', async () => {
    const slow = heldBack(store);
    slow.fail(new Error('disk I/O error'));
    const out = await ask(assembler(slow.store));
    assert.deepEqual(out.missing, ['history', 'tickets']);
    assert.equal(misses.recent(), 0);
  });

  describe('with the external work-order system', () => {
    const remote: ExternalTicket[] = [{ number: 'REMOTE', category: 'housing', place: null, status: 'in-progress', createdAt: null, dueAt: null, dissatisfiedCount: 4, repeatComplaint: false }];
    const answering: WorkOrderSource = { timeoutMs: 300, ticketsFor: async () => remote };
    const failing: WorkOrderSource = {
      timeoutMs: 300,
      ticketsFor: async () => {
        throw new Error('work-order system did not answer within 300 ms');
      },
    };

    it('beside, store late: its tickets and their 督办 flag are shown; history and the store tickets are named missing', async () => {
      const slow = heldBack(store);
      const pop = ask(assembler(slow.store, { workOrders: answering, mode: 'beside' }));
      await clock.advance(300);
      const out = await pop;
      assert.deepEqual(out.missing, ['history', 'tickets']);
      assert.deepEqual(out.tickets.map((t) => t.number), ['REMOTE']);
      assert.deepEqual(out.flags, [{ kind: 'supervised', ticket: 'REMOTE', dissatisfied: 4 }]);
    });

    it('instead, store late: only history is missing (the store tickets would not be shown anyway)', async () => {
      const slow = heldBack(store);
      const pop = ask(assembler(slow.store, { workOrders: answering, mode: 'instead' }));
      await clock.advance(300);
      assert.deepEqual((await pop).missing, ['history']);
    });

    it('store in time, work-order system failing: work-orders missing, the store part complete', async () => {
      const out = await ask(assembler(store, { workOrders: failing, mode: 'beside' }));
      assert.deepEqual(out.missing, ['work-orders']);
      assert.equal(out.workOrderHistoryUnavailable, true);
      assert.deepEqual(out.tickets.map((t) => t.number), ['LOCAL']);
    });
  });
});

describe('DeadlineMisses', () => {
  it('is degraded while a miss lies within the window and ok once the window has passed', () => {
    let now = 1_000_000;
    const m = new DeadlineMisses({ what: 'screen-pop store lookups', deadlineMs: 300, windowMs: 60_000, now: () => now });
    assert.equal(m.health().ok, true);
    m.miss();
    now += 1000;
    m.miss();
    const h = m.health();
    assert.equal(h.ok, false);
    assert.deepEqual(h.reasons, ['screen-pop store lookups: 2 missed the 300 ms deadline in the last 60 s']);
    now += 59_500;
    assert.equal(m.health().recentMisses, 1);
    now += 1000;
    assert.deepEqual([m.health().ok, m.health().totalMisses], [true, 2]);
  });
});

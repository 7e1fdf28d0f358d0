import { strict as assert } from 'node:assert';
import { StorePopAssembler } from '../../../bridge/pop/store-pop-assembler.js';
import type { ScreenPop } from '../../../bridge/history/history-ports.js';
import type { CallView } from '../../../bridge/calls/call-center-api.js';
import type { Store } from '../../../bridge/store/store-api.js';
import type { HotlineConfig } from '../../../bridge/config/schema.js';
import { sqliteBackend } from '../store/store-backends.js';
import { callView } from '../history/call-views.js';
import { WorkOrderServer } from '../history/work-order-server.js';
import { popConfig } from './pop-config.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 10, 20, 2, 0, 0);
const ME = '13812341234';

async function pastCall(store: Store, callId: string, caller: string, at: number, category: string | null, extra: { language?: string } = {}) {
  const base = { callId, caller, dialledNumber: '12345', arrivedAt: at };
  await store.writeCallEvent({ ...base, at, kind: 'arrived', patch: { language: extra.language ?? 'zh', desk: 'general' } });
  await store.writeCallEvent({ ...base, at: at + 5000, kind: 'answered', seatId: 'S09', patch: { answeredAt: at + 5000, seatId: 'S09', outcome: 'handled', contactMode: 'office' } });
  await store.writeCallEvent({ ...base, at: at + 9000, kind: 'wrap-up-done', patch: { category, disposition: 'resolved' } });
}

describe('StorePopAssembler', function () {
  this.timeout(20000);
  const backend = sqliteBackend();
  let store: Store;
  let config: HotlineConfig;
  beforeEach(async () => {
    store = await backend.open();
    config = popConfig();
  });
  afterEach(() => backend.cleanup());

  function assemble(call: CallView, over: { viewer?: string; viewerRole?: 'agent' | 'lead' | 'admin'; cfg?: HotlineConfig; assembler?: StorePopAssembler } = {}): Promise<ScreenPop> {
    const a = over.assembler ?? new StorePopAssembler({ store, config: over.cfg ?? config });
    return a.assemble({ call, offerId: 'offer-1', seatId: 'S01', contactMode: 'office', viewer: over.viewer ?? 'S01', now: NOW, ...(over.viewerRole ? { viewerRole: over.viewerRole } : {}) });
  }

  const current = (over: Partial<CallView> = {}) => callView({ id: 'now', callerNumber: ME, arrivedAt: NOW - 42_000, ...over });

  it('gives an unknown caller a clean first-contact pop with the call facts', async () => {
    const pop = await assemble(current({ target: { language: 'zh', languageStrength: 'required', desk: 'social-security', priority: 0, reasons: [{ source: 'number-plan', text: 'DID 12333 → 社保专席' }] }, dialledNumber: '12333', didLabel: '' }));
    assert.equal(pop.firstContact, true);
    assert.equal(pop.caller, null);
    assert.deepEqual([pop.contacts, pop.tickets, pop.flags], [[], [], []]);
    assert.equal(pop.workOrderHistoryUnavailable, false);
    assert.equal(pop.historyWithheld, undefined);
    assert.equal(pop.call.deskName, '社保专席');
    assert.equal(pop.call.didLabel, '12333 人社服务热线');
    assert.equal(pop.call.waitSeconds, 42);
    assert.deepEqual(pop.call.reasons.map((r) => r.text), ['DID 12333 → 社保专席']);
  });

  it('treats a caller whose only contact is the current call as a first contact', async () => {
    await store.writeCallEvent({ callId: 'now', caller: ME, dialledNumber: '12345', arrivedAt: NOW - 42_000, at: NOW - 42_000, kind: 'arrived', patch: {} });
    const pop = await assemble(current());
    assert.equal(pop.firstContact, true);
    assert.deepEqual(pop.contacts, []);
  });

  it('a call transferred back into the queue says by whom and where to, never "first contact"', async () => {
    const cfg = { ...config, seats: [{ id: 'S07', name: '李娜', languages: ['zh' as const], desks: ['general'], officeContact: 'sip:S07@office' }] } as HotlineConfig;
    const pop = await assemble(current({ transfers: 1, lastTransfer: { by: 'S07', to: { kind: 'desk', desk: 'social-security' }, at: NOW - 5000 } }), { cfg });
    assert.deepEqual(pop.transferredFrom, { seatId: 'S07', seatName: '李娜', to: { kind: 'desk', desk: 'social-security' }, at: NOW - 5000 });
    assert.equal(pop.firstContact, false);
  });

  it('shows profile, tags and the last 10 contacts newest first, without the current call', async () => {
    for (let i = 0; i < 12; i++) await pastCall(store, `p${i}`, ME, NOW - (i + 1) * DAY * 3, 'housing', { language: i === 0 ? 'kk' : 'zh' });
    await store.writeCallEvent({ callId: 'now', caller: ME, dialledNumber: '12345', arrivedAt: NOW - 42_000, at: NOW - 42_000, kind: 'arrived', patch: {} });
    await store.setCallerTags(ME, ['enterprise'], NOW);
    await store.setPreferredLanguage(ME, 'kk', { source: 'agent', by: 'S02', at: NOW - DAY });
    const pop = await assemble(current());
    assert.equal(pop.firstContact, false);
    assert.deepEqual(pop.caller, { preferredLanguage: 'kk', tags: ['enterprise'], firstContact: false });
    assert.equal(pop.contacts.length, 10);
    assert.deepEqual(pop.contacts[0], { at: NOW - 3 * DAY, dialledNumber: '12345', language: 'kk', desk: 'general', seatId: 'S09', outcome: 'handled', category: 'housing', contactMode: 'office' });
    assert.ok(pop.contacts.every((c, i) => i === 0 || c.at < pop.contacts[i - 1]!.at));
  });

  describe('一人多次 (same caller, same category, ≥5 in 30 days)', () => {
    for (const [n, expected] of [[4, false], [5, true], [6, true]] as const)
      it(`${expected ? 'flags' : 'does not flag'} ${n} contacts`, async () => {
        for (let i = 0; i < n; i++) await pastCall(store, `n${i}`, ME, NOW - (i + 1) * 5 * DAY, 'noise');
        await pastCall(store, 'old', ME, NOW - 31 * DAY, 'noise'); // outside the window
        await pastCall(store, 'other', ME, NOW - DAY, 'housing');
        const flags = (await assemble(current())).flags.filter((f) => f.kind === 'repeat-caller');
        assert.deepEqual(flags, expected ? [{ kind: 'repeat-caller', category: 'noise', count: n, days: 30 }] : []);
      });

    it('follows the configured threshold', async () => {
      for (let i = 0; i < 3; i++) await pastCall(store, `n${i}`, ME, NOW - (i + 1) * DAY, 'noise');
      const pop = await assemble(current(), { cfg: popConfig({ repeatCaller: { count: 3, days: 7 } }) });
      assert.deepEqual(pop.flags, [{ kind: 'repeat-caller', category: 'noise', count: 3, days: 7 }]);
    });
  });

  describe('一事多人 (≥5 callers, same category and place, within 3 days)', () => {
    const PLACE = '阿勒泰市金山路街道团结路社区';
    for (const [callers, expected] of [[4, false], [5, true], [6, true]] as const)
      it(`${expected ? 'flags' : 'does not flag'} ${callers} distinct callers`, async () => {
        await pastCall(store, 'mine', ME, NOW - 10 * DAY, 'environment');
        await store.upsertTicket({ number: 'MINE', caller: ME, category: 'environment', place: PLACE, status: 'registered', createdAt: NOW - DAY });
        for (let i = 1; i < callers; i++) {
          await store.upsertTicket({ number: `O${i}a`, caller: `1390000000${i}`, category: 'environment', place: PLACE, status: 'registered', createdAt: NOW - 2 * DAY });
          await store.upsertTicket({ number: `O${i}b`, caller: `1390000000${i}`, category: 'environment', place: PLACE, status: 'registered', createdAt: NOW - DAY }); // same person twice counts once
        }
        await store.upsertTicket({ number: 'STALE', caller: '13911111111', category: 'environment', place: PLACE, status: 'closed', createdAt: NOW - 4 * DAY });
        await store.upsertTicket({ number: 'ELSEWHERE', caller: '13922222222', category: 'environment', place: '阿勒泰市解放路街道', status: 'registered', createdAt: NOW - DAY });
        const flags = (await assemble(current())).flags.filter((f) => f.kind === 'same-matter');
        assert.deepEqual(flags, expected ? [{ kind: 'same-matter', category: 'environment', place: PLACE, callers, days: 3 }] : []);
      });
  });

  describe('dissatisfaction: ×2 → urged, ×4 → supervised', () => {
    for (const [n, kind] of [[1, null], [2, 'urged'], [3, 'urged'], [4, 'supervised'], [5, 'supervised']] as const)
      it(`${n} dissatisfied → ${kind ?? 'no flag'}`, async () => {
        await pastCall(store, 'p', ME, NOW - 40 * DAY, 'unpaid-wages');
        await store.upsertTicket({ number: 'W1', caller: ME, category: 'unpaid-wages', place: '达州市通川区', status: 'reopened', createdAt: NOW - 40 * DAY, dueAt: NOW + DAY });
        for (let i = 0; i < n; i++) await store.addSatisfaction('W1', 'dissatisfied', NOW - (10 - i) * DAY);
        await store.addSatisfaction('W1', 'satisfied', NOW - DAY);
        const pop = await assemble(current());
        assert.equal(pop.tickets[0]?.dissatisfiedCount, n);
        assert.deepEqual(pop.flags, kind ? [{ kind, ticket: 'W1', dissatisfied: n }] : []);
      });
  });

  it('lists open tickets only, with due times and overdue marked', async () => {
    await pastCall(store, 'p', ME, NOW - 20 * DAY, 'utilities');
    await store.upsertTicket({ number: 'LATE', caller: ME, category: 'utilities', status: 'dispatched', createdAt: NOW - 20 * DAY, dueAt: NOW - 1 });
    await store.upsertTicket({ number: 'ONTIME', caller: ME, category: 'utilities', status: 'in-progress', createdAt: NOW - 2 * DAY, dueAt: NOW + 5 * DAY });
    await store.upsertTicket({ number: 'DONE', caller: ME, category: 'utilities', status: 'closed', createdAt: NOW - 30 * DAY, dueAt: NOW - 25 * DAY });
    const pop = await assemble(current());
    assert.deepEqual(
      pop.tickets.map((t) => [t.number, t.dueAt, t.overdue, t.source]),
      [
        ['ONTIME', NOW + 5 * DAY, false, 'store'],
        ['LATE', NOW - 1, true, 'store'],
      ],
    );
  });

  describe('masking by role', () => {
    const cases = [
      { who: 'the handling seat', viewer: 'S01', role: undefined, full: true },
      { who: 'another agent', viewer: 'S07', role: 'agent', full: false },
      { who: 'a shift lead', viewer: 'lead1', role: 'lead', full: true },
      { who: 'an administrator', viewer: 'admin', role: 'admin', full: true },
    ] as const;
    for (const c of cases)
      it(`${c.full ? 'shows' : 'masks'} the number for ${c.who}`, async () => {
        const pop = await assemble(current(), { viewer: c.viewer, ...(c.role ? { viewerRole: c.role } : {}) });
        assert.equal(pop.call.callerNumber, c.full ? ME : '138****1234');
      });
  });

  it('audit-logs every history view with who, when and the masked caller', async () => {
    await pastCall(store, 'p', ME, NOW - DAY, 'noise');
    await assemble(current(), { viewer: 'lead1', viewerRole: 'lead' });
    const [entry] = (await store.listAudit({ limit: 1, action: 'history-view' })).entries;
    assert.equal(entry?.actor, 'lead1');
    assert.equal(entry?.at, NOW);
    assert.equal(entry?.detail.caller, '138****1234');
    assert.equal(entry?.detail.callId, 'now');
    assert.equal(entry?.detail.viewerRole, 'lead');
    assert.ok(!JSON.stringify(entry).includes(ME));
  });

  it('withholds history for an unverified identity and does not open it', async () => {
    await pastCall(store, 'p', ME, NOW - DAY, 'noise');
    await store.setCallerTags(ME, ['deputy'], NOW);
    let asked = 0;
    const assembler = new StorePopAssembler({ store, config, workOrders: { timeoutMs: 300, ticketsFor: async () => (asked++, []) } });
    const pop = await assemble(current({ callerVerified: false, callerDisplayName: 'Evil\u202eadmin\u0007' }), { assembler });
    assert.equal(pop.historyWithheld, 'unverified-caller');
    assert.equal(pop.call.callerVerified, false);
    assert.equal(pop.caller, null);
    assert.deepEqual([pop.contacts, pop.tickets, pop.flags], [[], [], []]);
    assert.equal(asked, 0);
    assert.equal(pop.call.callerDisplayName, 'Eviladmin');
    assert.deepEqual((await store.listAudit({ limit: 5, action: 'history-view' })).entries, []);
  });

  describe('external work-order system', () => {
    let server: WorkOrderServer;
    let base: string;
    beforeEach(async () => {
      server = new WorkOrderServer();
      base = await server.start();
      await pastCall(store, 'p', ME, NOW - DAY, 'housing');
      await store.upsertTicket({ number: 'LOCAL', caller: ME, category: 'housing', status: 'in-progress', createdAt: NOW - DAY, dueAt: NOW + DAY });
      await store.upsertTicket({ number: 'BOTH', caller: ME, category: 'housing', status: 'registered', createdAt: NOW - DAY });
    });
    afterEach(() => server.stop());
    const withExternal = (mode: 'instead' | 'beside', timeoutMs = 300) => popConfig({ externalWorkOrders: { baseUrl: base, timeoutMs, mode } });
    const remote = [
      { number: 'BOTH', category: 'housing', status: 'dispatched', dueAt: NOW - 5, dissatisfiedCount: 2 },
      { number: 'REMOTE', category: 'market-supervision', place: '淮北市相山区', status: 'in-progress' },
      { number: 'CLOSED', category: 'housing', status: 'closed' },
    ];

    it('beside: adds its open tickets to the store’s, its version winning for a shared number', async () => {
      server.behaviour = { kind: 'json', body: remote };
      const pop = await assemble(current(), { cfg: withExternal('beside') });
      assert.equal(server.requests[0]?.searchParams.get('caller'), ME);
      assert.deepEqual(pop.tickets.map((t) => [t.number, t.source, t.status, t.overdue]).sort(), [
        ['BOTH', 'work-order-system', 'dispatched', true],
        ['LOCAL', 'store', 'in-progress', false],
        ['REMOTE', 'work-order-system', 'in-progress', false],
      ]);
      assert.deepEqual(pop.flags, [{ kind: 'urged', ticket: 'BOTH', dissatisfied: 2 }]);
      assert.equal(pop.workOrderHistoryUnavailable, false);
    });

    it('instead: its tickets replace the store’s', async () => {
      server.behaviour = { kind: 'json', body: remote };
      const pop = await assemble(current(), { cfg: withExternal('instead') });
      assert.deepEqual(pop.tickets.map((t) => t.number).sort(), ['BOTH', 'REMOTE']);
    });

    it('times out: the pop goes out with the store’s tickets and "work-order history unavailable"', async () => {
      server.behaviour = { kind: 'sleep', ms: 10_000 };
      const pop = await assemble(current(), { cfg: withExternal('instead', 60) });
      assert.equal(pop.workOrderHistoryUnavailable, true);
      assert.deepEqual(pop.tickets.map((t) => [t.number, t.source]).sort(), [
        ['BOTH', 'store'],
        ['LOCAL', 'store'],
      ]);
      assert.equal(pop.contacts.length, 1);
    });

    for (const [what, behaviour] of [
      ['HTTP 500', { kind: 'json', status: 500, body: { error: 'internal' } }],
      ['garbage JSON', { kind: 'raw', body: '{"tickets": [' }],
      ['tickets that do not validate', { kind: 'json', body: { tickets: [{ number: 42 }] } }],
    ] as const)
      it(`fails with ${what}: store tickets and the unavailable mark`, async () => {
        server.behaviour = behaviour;
        const pop = await assemble(current(), { cfg: withExternal('beside') });
        assert.equal(pop.workOrderHistoryUnavailable, true);
        assert.deepEqual(pop.tickets.map((t) => t.number).sort(), ['BOTH', 'LOCAL']);
      });
  });
});

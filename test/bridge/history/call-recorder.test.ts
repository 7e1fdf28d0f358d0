import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import pino from 'pino';
import { CallRecorder } from '../../../bridge/history/call-recorder.js';
import { CallState } from '../../../bridge/calls/call-center-api.js';
import type { Store } from '../../../bridge/store/store-api.js';
import { backends, pgMissingNote } from '../store/store-backends.js';
import { callView, FakeCallCenter } from './call-views.js';

const T0 = 1_763_600_000_000;

if (!process.env.DATABASE_URL) describe('call recorder on postgres', () => it.skip(pgMissingNote));

for (const backend of backends()) {
  describe(`call recorder on ${backend.name}`, function () {
    this.timeout(30000);
    let store: Store;
    let cc: FakeCallCenter;
    let recorder: CallRecorder;
    beforeEach(async () => {
      store = await backend.open();
      cc = new FakeCallCenter();
      recorder = new CallRecorder({ store });
      recorder.attach(cc);
    });
    afterEach(async () => {
      recorder.stop();
      await backend.cleanup();
    });

    it('writes a whole call as it happens: contact row and every event in order', async () => {
      let v = callView({ arrivedAt: T0 });
      cc.call('arrived', v, T0);
      cc.call('queued', (v = { ...v, state: CallState.Queued }), T0 + 10);
      cc.call('offered', (v = { ...v, state: CallState.Offering, seatId: 'S01', contactMode: 'office' }), T0 + 20, { seatId: 'S01' });
      cc.call('missed', v, T0 + 15_020, { seatId: 'S01' });
      cc.emit({ type: 'offer-withdrawn', at: T0 + 15_020, seatId: 'S01', offerId: 'o1', callId: v.id, reason: 'ring-timeout' });
      cc.call('queued', (v = { ...v, state: CallState.Queued, seatId: undefined }), T0 + 15_030);
      cc.call('offered', (v = { ...v, state: CallState.Offering, seatId: 'S02', contactMode: 'home' }), T0 + 15_040, { seatId: 'S02' });
      cc.call('answered', (v = { ...v, state: CallState.Connected, answeredAt: T0 + 19_000 }), T0 + 19_000, { seatId: 'S02', detail: { recordingRef: 'rec/2025/call-1.wav' } });
      cc.call('held', (v = { ...v, state: CallState.Held }), T0 + 40_000, { seatId: 'S02' });
      cc.call('resumed', (v = { ...v, state: CallState.Connected }), T0 + 50_000, { seatId: 'S02' });
      cc.call('ended', (v = { ...v, state: CallState.Ended, endedAt: T0 + 120_000 }), T0 + 120_000, { seatId: 'S02' });
      cc.call('wrap-up-done', v, T0 + 150_000, { seatId: 'S02', detail: { auto: false, disposition: 'ticket-created', category: 'property-management', note: '物业不作为' } });
      await recorder.flush();

      const c = await store.contact('call-1');
      assert.deepEqual(
        {
          caller: c?.caller,
          arrivedAt: c?.arrivedAt,
          answeredAt: c?.answeredAt,
          endedAt: c?.endedAt,
          seatId: c?.seatId,
          contactMode: c?.contactMode,
          outcome: c?.outcome,
          recordingRef: c?.recordingRef,
          category: c?.category,
          disposition: c?.disposition,
          note: c?.note,
          language: c?.language,
          desk: c?.desk,
        },
        {
          caller: '13812341234',
          arrivedAt: T0,
          answeredAt: T0 + 19_000,
          endedAt: T0 + 120_000,
          seatId: 'S02',
          contactMode: 'home',
          outcome: 'handled',
          recordingRef: 'rec/2025/call-1.wav',
          category: 'property-management',
          disposition: 'ticket-created',
          note: '物业不作为',
          language: 'zh',
          desk: 'general',
        },
      );
      const events = await store.contactEvents('call-1');
      assert.deepEqual(
        events.map((e) => [e.kind, e.seatId]),
        [
          ['arrived', null],
          ['queued', null],
          ['offered', 'S01'],
          ['missed', 'S01'],
          ['offer-withdrawn', 'S01'],
          ['queued', null],
          ['offered', 'S02'],
          ['answered', 'S02'],
          ['held', 'S02'],
          ['resumed', 'S02'],
          ['ended', 'S02'],
          ['wrap-up-done', 'S02'],
        ],
      );
      assert.deepEqual(events[0]?.detail.reasons, ['DID 12345 → 综合受理']);
      assert.equal(events[4]?.detail.reason, 'ring-timeout');
    });

    it("keeps the answered call's recording under either name, and none that is empty or too long", async () => {
      const answer = async (id: string, detail: Record<string, unknown> | undefined) => {
        const v = callView({ id, arrivedAt: T0 });
        cc.call('arrived', v, T0);
        cc.call('answered', { ...v, state: CallState.Connected, seatId: 'S01', answeredAt: T0 + 5_000 }, T0 + 5_000, { seatId: 'S01', ...(detail ? { detail } : {}) });
        await recorder.flush();
        return (await store.contact(id))?.recordingRef ?? null;
      };
      assert.equal(await answer('call-ref', { recordingRef: 'rec/a.wav' }), 'rec/a.wav');
      assert.equal(await answer('call-name', { recording: 'rec/b.wav' }), 'rec/b.wav');
      assert.equal(await answer('call-empty-ref', { recordingRef: '', recording: 'rec/c.wav' }), 'rec/c.wav');
      assert.equal(await answer('call-none', undefined), null);
      assert.equal(await answer('call-too-long', { recordingRef: 'x'.repeat(501) }), null);
    });

    it('records an abandoned call and a transfer out', async () => {
      const a = callView({ id: 'ab', arrivedAt: T0 });
      cc.call('arrived', a, T0);
      cc.call('abandoned', { ...a, state: CallState.Abandoned, endedAt: T0 + 30_000 }, T0 + 30_000);
      const t = callView({ id: 'tr', arrivedAt: T0 });
      cc.call('arrived', t, T0);
      cc.call('answered', { ...t, state: CallState.Connected, answeredAt: T0 + 5000, seatId: 'S01' }, T0 + 5000, { seatId: 'S01' });
      cc.call('transferred-out', { ...t, state: CallState.Transferred, seatId: 'S01' }, T0 + 20_000, { seatId: 'S01', detail: { number: '120' } });
      cc.call('ended', { ...t, state: CallState.Ended, endedAt: T0 + 21_000 }, T0 + 21_000, { seatId: 'S01' });
      await recorder.flush();
      assert.equal((await store.contact('ab'))?.outcome, 'abandoned');
      assert.equal((await store.contact('ab'))?.endedAt, T0 + 30_000);
      assert.equal((await store.contact('tr'))?.outcome, 'transferred-out');
      assert.equal((await store.contactEvents('tr'))[2]?.detail.number, '120');
    });

    it('keeps what reports count on the contact: transfers back into the queue, a 110/119/120 linkage, the end of wrap-up', async () => {
      let v = callView({ id: 'lk', arrivedAt: T0 });
      cc.call('arrived', v, T0);
      cc.call('answered', (v = { ...v, state: CallState.Connected, answeredAt: T0 + 5000, seatId: 'S01' }), T0 + 5000, { seatId: 'S01' });
      cc.call('requeued', (v = { ...v, state: CallState.Queued, seatId: undefined, transfers: 1 }), T0 + 30_000, { seatId: 'S01', detail: { to: { kind: 'desk', desk: 'legal' } } });
      cc.call('answered', (v = { ...v, state: CallState.Connected, seatId: 'S02' }), T0 + 40_000, { seatId: 'S02' });
      cc.call('transferred-out', (v = { ...v, state: CallState.Transferred }), T0 + 90_000, { seatId: 'S02', detail: { destination: '119' } });
      cc.call('ended', (v = { ...v, state: CallState.Ended, endedAt: T0 + 91_000 }), T0 + 91_000, { seatId: 'S02' });
      cc.call('wrap-up-done', v, T0 + 121_000, { seatId: 'S02', detail: { auto: false, disposition: 'transferred' } });
      const o = callView({ id: 'other', arrivedAt: T0 });
      cc.call('arrived', o, T0);
      cc.call('transferred-out', { ...o, state: CallState.Transferred, seatId: 'S03' }, T0 + 9000, { seatId: 'S03', detail: { destination: '13900001111' } });
      await recorder.flush();
      const rows = await store.db.selectFrom('contacts').select(['call_id', 'transfers', 'linkage', 'wrap_up_done_at', 'outcome']).orderBy('call_id').execute();
      assert.deepEqual(
        rows.map((r) => [r.call_id, Number(r.transfers), r.linkage, r.wrap_up_done_at == null ? null : Number(r.wrap_up_done_at), r.outcome]),
        [
          ['lk', 1, '119', T0 + 121_000, 'transferred-out'],
          ['other', 0, null, null, 'transferred-out'],
        ],
      );
    });

    it("an agent's language correction changes the routing facts for the number's next call", async () => {
      const v = callView({ id: 'first', callerNumber: '18099060002', arrivedAt: T0 });
      cc.call('arrived', v, T0);
      cc.call('answered', { ...v, state: CallState.Connected, answeredAt: T0 + 3000, seatId: 'S01' }, T0 + 3000, { seatId: 'S01' });
      await recorder.flush();
      assert.equal((await store.history.routingFacts('18099060002')).language, 'zh');
      cc.call('language-corrected', { ...v, state: CallState.Connected, seatId: 'S01' }, T0 + 9000, { seatId: 'S01', detail: { language: 'kk' } });
      await recorder.flush();
      const facts = await store.history.routingFacts('18099060002');
      assert.equal(facts.language, 'kk');
      assert.match(facts.languageReason ?? '', /^座席 S01 于 \d\d-\d\d 更正为哈萨克语$/);
      assert.equal((await store.contact('first'))?.language, 'kk');
      assert.equal((await store.caller('18099060002'))?.languageSetBy, 'S01');
    });

    it('does not save a language correction made on an unverified caller identity', async () => {
      const v = callView({ id: 'spoof', callerNumber: '13900001111', callerVerified: false, arrivedAt: T0 });
      cc.call('arrived', v, T0);
      cc.call('language-corrected', v, T0 + 5000, { seatId: 'S01', detail: { language: 'ru' } });
      await recorder.flush();
      assert.equal((await store.history.routingFacts('13900001111')).language, undefined);
      assert.equal((await store.contact('spoof'))?.callerVerified, false);
    });

    it('writes audit events to the audit log', async () => {
      cc.emit({ type: 'audit', entry: { at: T0, actor: 'lead1', action: 'centre-mode', detail: { mode: 'home', reason: '台风摩羯' } } });
      await recorder.flush();
      const { id, ...entry } = (await store.listAudit({ limit: 5 })).entries[0]!;
      assert.ok(id > 0, 'entries carry their id (the audit panel pages by it)');
      assert.deepEqual(entry, { at: T0, actor: 'lead1', action: 'centre-mode', detail: { mode: 'home', reason: '台风摩羯' } });
    });

    it('a timed-out wrap-up keeps what was typed as auto-closed; only a person who typed nothing is warned about', async () => {
      const lines: { msg?: string; seatId?: string }[] = [];
      const sink = new Writable({ write(chunk, _e, cb) { lines.push(JSON.parse(String(chunk))); cb(); } });
      recorder.stop();
      recorder = new CallRecorder({ store, logger: pino({ level: 'info' }, sink) });
      recorder.attach(cc);
      const done = (id: string, seatId: string, detail: Record<string, unknown>) => {
        const v = callView({ id, arrivedAt: T0 });
        cc.call('arrived', v, T0);
        cc.call('ended', { ...v, state: CallState.Ended, endedAt: T0 + 60_000 }, T0 + 60_000, { seatId });
        cc.call('wrap-up-done', v, T0 + 80_000, { seatId, detail });
      };
      done('typed', 'S01', { auto: true, disposition: 'auto-closed', category: '供水', note: '明早回访', typed: true, attended: true });
      done('sim', 'S02', { auto: true, disposition: 'auto-closed', typed: false, attended: false });
      done('empty', 'S03', { auto: true, disposition: 'auto-closed', typed: false, attended: true });
      // A desk with 0 s wrap-up: the person had no time to type, nothing to warn about.
      done('instant', 'S04', { auto: true, disposition: 'auto-closed', typed: false, attended: true, instant: true });
      await recorder.flush();
      const typed = await store.contact('typed');
      assert.deepEqual([typed?.disposition, typed?.category, typed?.note], ['auto-closed', '供水', '明早回访']);
      assert.equal((await store.contact('sim'))?.disposition, 'auto-closed');
      const warned = lines.filter((l) => /wrap-up/.test(l.msg ?? ''));
      assert.deepEqual(warned.map((l) => l.seatId), ['S03']);
    });

    it('keeps each call in order while calls interleave', async () => {
      const kinds = ['arrived', 'queued', 'offered', 'answered', 'held', 'resumed', 'ended'] as const;
      for (let i = 0; i < kinds.length; i++) for (const id of ['x', 'y', 'z']) cc.call(kinds[i]!, callView({ id, arrivedAt: T0 }), T0 + i);
      await recorder.flush();
      for (const id of ['x', 'y', 'z']) assert.deepEqual((await store.contactEvents(id)).map((e) => e.kind), [...kinds]);
    });
  });
}

describe('call recorder failure handling', () => {
  it('never throws into the call centre when the queue refuses a write, and counts it', async () => {
    const refusing = {
      writes: {
        enqueue: () => {
          throw new Error('unknown write kind');
        },
        flush: async () => true,
      },
    } as unknown as Store;
    const cc = new FakeCallCenter();
    const recorder = new CallRecorder({ store: refusing });
    recorder.attach(cc);
    assert.doesNotThrow(() => {
      cc.call('arrived', callView(), T0);
      cc.call('language-corrected', callView(), T0 + 1, { seatId: 'S01', detail: { language: 'kk' } });
      cc.emit({ type: 'audit', entry: { at: T0, actor: 'a', action: 'b', detail: {} } });
    });
    assert.equal(await recorder.flush(), true);
    assert.equal(recorder.failures, 4);
  });

  it('subscribes by itself when given the call centre', () => {
    const cc = new FakeCallCenter();
    const recorder = new CallRecorder({ store: {} as Store, callCenter: cc });
    assert.equal(cc.listenerCount, 1);
    recorder.stop();
  });

  it('stops listening on stop()', () => {
    const cc = new FakeCallCenter();
    const recorder = new CallRecorder({ store: {} as Store });
    recorder.attach(cc);
    assert.equal(cc.listenerCount, 1);
    recorder.stop();
    assert.equal(cc.listenerCount, 0);
  });
});

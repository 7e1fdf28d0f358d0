/**
 * What the store's statements cost the bridge's thread before any database sees them: a template
 * compiled once and bound per use (bridge/store/statement-template.ts), and for comparison one statement
 * built and compiled by kysely on every use, as every statement was before. Each figure is the median of rounds of 2,000 uses, in µs per use,
 * on a query layer whose driver answers at once (so only the bridge's own work is timed).
 *
 *   npx tsx test/bench/store-statements.bench.ts [--quick]
 */
import os from 'node:os';
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, type DatabaseConnection, type QueryResult } from 'kysely';
import type { StoreDatabase } from '../../bridge/store/db-schema.js';
import { loadPopData } from '../../bridge/store/pop-queries.js';
import { compileTemplate } from '../../bridge/store/statement-template.js';
import { auditEntryPlan, callEventPlan } from '../../bridge/store/write-statements.js';
import type { CallEventWrite } from '../../bridge/store/store-api.js';
import { runWhenMain } from './bench-main.js';
import { percentile } from './percentile.js';

/** Answers every statement at once: the caller row for the first of a pop's reads, nothing else. */
class InstantDriver extends DummyDriver {
  private n = 0;
  override async acquireConnection(): Promise<DatabaseConnection> {
    return {
      executeQuery: async <R>(): Promise<QueryResult<R>> => ({ rows: (this.n++ % 5 === 0 ? [{ number: '13900000000', tags: '[]' }] : []) as R[] }),
      streamQuery: async function* () {
        return;
      },
    };
  }
}

function layer(): Kysely<StoreDatabase> {
  return new Kysely<StoreDatabase>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new InstantDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}

const write = (i: number): CallEventWrite => ({
  callId: `call-${i}`,
  caller: '13900000000',
  callerVerified: true,
  dialledNumber: '12345',
  arrivedAt: 1_700_000_000_000,
  at: 1_700_000_001_000 + i,
  kind: 'answered',
  seatId: 'A01',
  detail: { offerId: `offer-${i}`, state: 'connected' },
  patch: { seatId: 'A01', answeredAt: 1_700_000_001_000 + i, contactMode: 'office' },
});

/** Median µs per use over `rounds` rounds of 2,000 uses (after a warm-up round). */
async function perUse(rounds: number, use: (i: number) => unknown | Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const per: number[] = [];
  for (let r = -1; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < 2000; i++) await use(i);
    if (r >= 0) per.push(((performance.now() - t) * 1000) / 2000);
  }
  per.sort((a, b) => a - b);
  return { p50: percentile(per, 50), p99: percentile(per, 99) };
}

export async function run(): Promise<string> {
  const rounds = process.argv.includes('--quick') ? 10 : 50;
  const db = layer();
  const rows: [string, { p50: number; p99: number }][] = [
    ['call event (3 statements), template bound per use', await perUse(rounds, (i) => callEventPlan(db, write(i)))],
    ['audit entry, template bound per use', await perUse(rounds, (i) => auditEntryPlan(db, { at: i, actor: 'A01', action: 'history-view', detail: { callId: `call-${i}` } }))],
    [
      // What every statement cost before the templates: kysely builds and compiles it on each use.
      'audit entry, built and compiled on every use',
      await perUse(rounds, (i) => compileTemplate(() => db.insertInto('audit_log').values({ at: i, actor: 'A01', action: 'history-view', detail: '{}' })).bind({})),
    ],
    ['pop reads (5 statements, run on the instant driver)', await perUse(rounds, () => loadPopData(db, '13900000000', { now: Date.now(), excludeCallId: 'x', recentContacts: 5, repeatDays: 30, sameMatterDays: 3 }))],
  ];
  await db.destroy();
  const cpu = os.cpus();
  return [
    `store statements on the bridge's thread (µs per use, median / p99 of ${rounds} rounds of 2,000; machine: ${cpu.length} × ${cpu[0]?.model ?? '?'}, node ${process.version})`,
    ...rows.map(([name, r]) => `  ${name.padEnd(56)} ${r.p50.toFixed(2).padStart(7)} / ${r.p99.toFixed(2)}`),
  ].join('\n');
}

runWhenMain(import.meta.url, run);

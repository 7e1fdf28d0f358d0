/**
 * Report query cost (issue 11) for a centre taking 1,000,000 calls a year: one day, one month (~85,000
 * contacts) and, with the full data set, one year — per grouping, on SQLite and (when DATABASE_URL is
 * set) PostgreSQL. Data: synthetic history (fixtures/history), generated once into a bench data folder /
 * bench schema and reused. Printed, never asserted.
 *
 *   npx tsx test/bench/reports.bench.ts [--quick]
 *     default: 1,000,000 contacts over 365 days → day, month and year reports
 *     --quick: 85,000 contacts over 30 days (one month of such a centre) → day and month reports
 *   --only=sqlite | --only=postgres: one back end
 *   BENCH_DATA_DIR=… to put the SQLite file elsewhere (default ./data/bench)
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openStore } from '../../bridge/store/index.js';
import type { ReportQuery, Store } from '../../bridge/store/store-api.js';
import { REPORT_GROUPS } from '../../bridge/store/report-queries.js';
import { seedHistory } from '../../fixtures/history/index.js';
import { percentile } from './percentile.js';
import { runWhenMain } from './bench-main.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DAY = 86_400_000;
const SHIFTS = [
  { id: 'day', hours: '08:00-16:00' },
  { id: 'evening', hours: '16:00-23:00' },
  { id: 'night', hours: '23:00-08:00' },
  { id: 'peak', hours: '09:30-12:30' },
];

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  return `median ${percentile(s, 50).toFixed(1)} ms · p99 ${percentile(s, 99).toFixed(1)} ms (n=${s.length})`;
}

async function ensureData(store: Store, contacts: number, days: number, lines: string[], label: string): Promise<void> {
  if (!(await store.isEmpty())) return;
  const r = await seedHistory(store, { contacts, days, seed: 2026, demoCallers: false });
  lines.push(`  ${label}: generated ${r.contacts.toLocaleString('en')} contacts, ${r.tickets.toLocaleString('en')} tickets in ${(r.ms / 1000).toFixed(1)} s (first run only)`);
}

const loadavg = (): string => {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return os.loadavg().map((l) => l.toFixed(2)).join(' ');
  }
};

async function measure(store: Store, label: string, lines: string[], periods: [string, number, number][]): Promise<void> {
  const last = await store.db.selectFrom('contacts').select(sql<number>`max(arrived_at)`.as('t')).executeTakeFirstOrThrow();
  const end = Number(last.t) + 1;
  for (const [name, days, runs] of periods) {
    // A day and a month end two days before the data does: the generator's heavy callers' bursts that
    // would run past its end all land on its last day (~20,000 contacts instead of ~2,700).
    const to = days >= 365 ? end : end - 2 * DAY;
    const base: Omit<ReportQuery, 'groupBy'> = { from: to - days * DAY, to, answeredWithinMs: 15_000, utcOffsetMinutes: 480, shifts: SHIFTS, repeatCallerCount: 5, sameMatterCallers: 5 };
    for (const groupBy of REPORT_GROUPS) {
      const samples: number[] = [];
      let arrived = 0;
      try {
        await store.periodReport({ ...base, groupBy }); // warm the caches: the figures describe steady state
        for (let i = 0; i < runs; i++) {
          const t = process.hrtime.bigint();
          arrived = (await store.periodReport({ ...base, groupBy })).total.arrived;
          samples.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
        lines.push(`  ${label} ${name} (${arrived.toLocaleString('en')} contacts) by ${groupBy.padEnd(8)}: ${stats(samples)}`);
      } catch (err) {
        // What the REST API would answer too (e.g. PostgreSQL's statement limit, config store.postgres).
        lines.push(`  ${label} ${name} by ${groupBy.padEnd(8)}: failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  lines.push(`  ${label}: load average after ${loadavg()}`);
}

export async function run(): Promise<string> {
  const quick = process.argv.includes('--quick');
  const [contacts, days] = quick ? [85_000, 30] : [1_000_000, 365];
  const periods: [string, number, number][] = quick
    ? [['day', 1, 30], ['month', 30, 15]]
    : [['day', 1, 30], ['month', 30, 15], ['year', 365, 3]];
  const cpu = os.cpus();
  const lines = [
    `machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown cpu'}, node ${process.version}; load average before ${loadavg()}`,
    `data: ${contacts.toLocaleString('en')} contacts over ${days} days (a 1M-calls-a-year centre)`,
  ];
  const dataDir = path.join(process.env.BENCH_DATA_DIR ?? path.join(repoRoot, 'data', 'bench'), `reports-${contacts}-${days}`);
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (only !== 'postgres') {
    const sqlite = await openStore({ dataDir });
    try {
      await ensureData(sqlite, contacts, days, lines, 'sqlite');
      await measure(sqlite, 'sqlite', lines, periods);
    } finally {
      await sqlite.close();
    }
  }
  const url = process.env.DATABASE_URL;
  if (only === 'sqlite') return lines.join('\n');
  if (!url) lines.push('  postgres: skipped (DATABASE_URL is not set)');
  else {
    const pg = await openStore({ dataDir, databaseUrl: url, pgSchema: `bench_reports_${contacts}_${days}` });
    try {
      await ensureData(pg, contacts, days, lines, 'postgres');
      await measure(pg, 'postgres', lines, periods);
    } finally {
      await pg.close();
    }
  }
  return lines.join('\n');
}

runWhenMain(import.meta.url, run);

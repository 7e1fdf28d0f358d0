/**
 * Screen-pop latency against a large history: 1,000,000 contacts / ~200,000 callers by default, on
 * SQLite and (when DATABASE_URL is set) PostgreSQL. The data set is generated once into a bench data
 * folder / bench schema and reused. Figures: the store part (≤5 queries), the whole assembly (store +
 * audit write), and routing's caller lookup; p50 / p99 / max over random known callers.
 *
 *   npx tsx test/bench/pop-store.bench.ts [--contacts N] [--quick]
 *   BENCH_DATA_DIR=… to put the SQLite file elsewhere (default ./data/bench)
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../bridge/store/index.js';
import type { Store } from '../../bridge/store/store-api.js';
import { StorePopAssembler } from '../../bridge/pop/store-pop-assembler.js';
import { configSchema, type HotlineConfig } from '../../bridge/config/schema.js';
import { CallState, type CallView } from '../../bridge/calls/call-center-api.js';
import { DEMO_CALLERS, seedHistory } from '../../fixtures/history/index.js';
import { percentile } from './percentile.js';
import { runWhenMain } from './bench-main.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function contactsWanted(): number {
  const n = argValue('--contacts');
  if (n !== undefined) {
    const v = Number(n);
    if (!Number.isInteger(v) || v < 1000) throw new Error('--contacts wants an integer ≥ 1000');
    return v;
  }
  return process.argv.includes('--quick') ? 20_000 : 1_000_000;
}

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(3)} ms · p99 ${percentile(s, 99).toFixed(3)} ms · max ${s[s.length - 1]!.toFixed(3)} ms (n=${s.length})`;
}

async function timeEach(items: string[], fn: (n: string, i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const t = process.hrtime.bigint();
    await fn(items[i]!, i);
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

function benchConfig(): HotlineConfig {
  return configSchema.parse({
    languages: [{ code: 'zh', name: 'Mandarin', nativeName: '普通话' }],
    desks: [{ id: 'general', name: '综合受理' }],
    numberPlan: [{ did: '12345', label: '12345 政务服务便民热线', desk: 'general' }],
  });
}

function call(id: string, number: string, now: number): CallView {
  return {
    id,
    state: CallState.Offering,
    callerNumber: number,
    callerDisplayName: '',
    callerVerified: true,
    dialledNumber: '12345',
    didLabel: '12345 政务服务便民热线',
    target: { language: 'zh', languageStrength: 'preferred', desk: 'general', priority: 0, reasons: [{ source: 'default', text: 'bench' }] },
    arrivedAt: now - 5000,
    expansionLevel: 0,
    transfers: 0,
  };
}

async function ensureData(store: Store, contacts: number, lines: string[], label: string): Promise<void> {
  if (!(await store.isEmpty())) return;
  lines.push(`  ${label}: generating ${contacts.toLocaleString('en')} contacts (first run only)…`);
  const r = await seedHistory(store, { contacts, seed: 2025 });
  lines.push(`  ${label}: generated ${r.callers.toLocaleString('en')} callers, ${r.contacts.toLocaleString('en')} contacts, ${r.tickets.toLocaleString('en')} tickets in ${(r.ms / 1000).toFixed(1)} s`);
}

async function measure(store: Store, label: string, lines: string[], iterations: number): Promise<void> {
  const config = benchConfig();
  const assembler = new StorePopAssembler({ store, config });
  const counts = await store.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const callers = await store.db.selectFrom('callers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  lines.push(`  ${label}: ${Number(counts.n).toLocaleString('en')} contacts, ${Number(callers.n).toLocaleString('en')} callers`);
  const sample = await store.sampleCallerNumbers(iterations);
  const numbers = [...Object.values(DEMO_CALLERS), ...sample];
  const now = Date.now();
  const h = config.history;
  const q = { now, recentContacts: h.recentContacts, repeatDays: h.repeatCaller.days, sameMatterDays: h.sameMatter.days };
  // Warm caches and the statement cache so the figures describe steady state.
  for (const n of numbers.slice(0, 200)) await store.popData(n, q);

  let maxQueries = 0;
  let flagged = 0;
  const storePart = await timeEach(numbers, async (n) => {
    const d = await store.popData(n, { ...q, excludeCallId: 'bench' });
    maxQueries = Math.max(maxQueries, d.queries);
  });
  const whole = await timeEach(numbers, async (n, i) => {
    const pop = await assembler.assemble({ call: call(`bench-${i}`, n, now), offerId: `o${i}`, seatId: 'S001', contactMode: 'office', viewer: 'S001', now });
    if (pop.flags.length) flagged++;
  });
  const routing = await timeEach(numbers, (n) => store.history.routingFacts(n));
  lines.push(`  ${label} store part (≤${maxQueries} queries): ${stats(storePart)}`);
  lines.push(`  ${label} whole pop (+ audit write): ${stats(whole)}  — ${flagged} of ${numbers.length} pops carried flags`);
  lines.push(`  ${label} routing facts: ${stats(routing)}`);
}

export async function run(): Promise<string> {
  const contacts = contactsWanted();
  const cpu = os.cpus();
  const lines = [`machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown cpu'}, node ${process.version}; data: ${contacts.toLocaleString('en')} contacts`];
  const iterations = process.argv.includes('--quick') ? 500 : 3000;

  const dataDir = path.join(process.env.BENCH_DATA_DIR ?? path.join(repoRoot, 'data', 'bench'), `pop-store-${contacts}`);
  const sqlite = await openStore({ dataDir });
  try {
    await ensureData(sqlite, contacts, lines, 'sqlite');
    await measure(sqlite, 'sqlite', lines, iterations);
  } finally {
    await sqlite.close();
  }

  const url = process.env.DATABASE_URL;
  if (!url) lines.push('  postgres: skipped (DATABASE_URL is not set)');
  else {
    const pg = await openStore({ dataDir, databaseUrl: url, pgSchema: `bench_pop_${contacts}` });
    try {
      await ensureData(pg, contacts, lines, 'postgres');
      await measure(pg, 'postgres', lines, iterations);
    } finally {
      await pg.close();
    }
  }
  return lines.join('\n');
}

runWhenMain(import.meta.url, run);

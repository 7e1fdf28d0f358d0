/**
 * Restart and take-over times of the real product (child processes, lab telephony), printed not asserted:
 *
 * - restart: kill -9 of the bridge → `/healthz` ok again → first call routed (offered to a seat), with
 *   the store holding 1,000,000 contacts (the pop-store bench's data set, generated once and reused) and
 *   some contacts left open by the crash;
 * - take-over (DATABASE_URL and REDIS_URL_TEST set): two bridges on PostgreSQL + Redis; kill -9 of the
 *   active one → the standby is active → the first call offered there, over ten runs.
 *
 *   npx tsx test/bench/restart-takeover.bench.ts [--quick] [--contacts N]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openStore, dropPgSchema } from '../../bridge/store/index.js';
import { seedHistory } from '../../fixtures/history/index.js';
import { ProductProcess, api, loginAs, tempDataDir } from '../support/product-process.js';
import { percentile } from './percentile.js';
import { runWhenMain } from './bench-main.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const quick = process.argv.includes('--quick');

const SEATS = [
  { id: 'S01', name: '叶尔兰', languages: ['zh', 'kk'], desks: ['general'], officeContact: 'sip:1001@127.0.0.1:5070', homeContact: 'sip:2001@127.0.0.1:5071' },
  { id: 'S02', name: '古丽娜尔', languages: ['zh'], desks: ['general'], officeContact: 'sip:1002@127.0.0.1:5070', homeContact: 'sip:2002@127.0.0.1:5071' },
];
const LAB = { seatAnswerDelayMs: { min: 50, max: 100 }, noAnswerProbability: 0 };

function contactsWanted(): number {
  const i = process.argv.indexOf('--contacts');
  if (i >= 0) return Number(process.argv[i + 1]);
  return quick ? 20_000 : 1_000_000;
}

function summary(label: string, ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => percentile(s, p);
  return `  ${label.padEnd(48)} p50 ${at(50).toFixed(0)} ms · p99 ${at(99).toFixed(0)} ms · max ${s.at(-1)!.toFixed(0)} ms (n=${s.length})`;
}

async function until<T>(probe: () => Promise<T | false | undefined>, timeoutMs = 60_000, everyMs = 10): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const healthy = (url: string) => async () => {
  const r = await fetch(`${url}/healthz`);
  const h = (await r.json()) as { status: string; role?: string };
  return h.status === 'ok' && (h.role ?? 'active') === 'active';
};

/** Places a call and resolves once it is offered to a seat (or talking). */
async function firstCallRouted(url: string, token: string, caller: string): Promise<void> {
  const placed = await until(async () => {
    const r = await api<{ callId: string }>(url, token, 'POST', '/api/lab/calls', { callerNumber: caller, dialledNumber: '12345', patienceSeconds: 600, talkSeconds: 600 });
    return r.status === 201 && r.body.callId;
  });
  await until(async () => {
    const c = await api<{ state: string; seatId?: string }>(url, token, 'GET', `/api/calls/${placed}`);
    return c.status === 200 && !!c.body.seatId;
  });
}

async function ensureHistory(dir: string, contacts: number): Promise<void> {
  const store = await openStore({ dataDir: dir });
  try {
    const have = Number((await store.db.selectFrom('contacts').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    if (have < contacts) await seedHistory(store, { contacts: contacts - have, seed: 7 });
  } finally {
    await store.close();
  }
}

async function restartRuns(): Promise<string> {
  const contacts = contactsWanted();
  const dir = path.resolve(process.env.BENCH_DATA_DIR ?? path.join(repoRoot, 'data', 'bench'), `restart-${contacts}`);
  if (!existsSync(path.join(dir, 'history.sqlite3'))) process.stdout.write(`  generating ${contacts} contacts into ${dir} (once)…\n`);
  await ensureHistory(dir, contacts);
  const tmp = tempDataDir('hotline-bench-restart-');
  const config = { seatsFile: undefined, seats: SEATS, store: { dataDir: dir, seedContacts: 0 }, telephony: { lab: LAB } };
  const runs = quick ? 3 : 5;
  const toHealthy: number[] = [];
  const toRouted: number[] = [];
  const env = { DATABASE_URL: undefined, REDIS_URL: undefined };
  let p = new ProductProcess({ dataDir: tmp.dir, config, env });
  try {
    await p.start(120_000);
    const { token } = await loginAs(p.url, 'lead1');
    for (let i = 0; i < runs; i++) {
      // Leave some contacts open (talking and waiting) for the crash recovery to close.
      for (let k = 0; k < 4; k++) await api(p.url, token, 'POST', '/api/lab/calls', { callerNumber: `1390000${2000 + k}`, dialledNumber: '12345', patienceSeconds: 600, talkSeconds: 600 });
      await new Promise((r) => setTimeout(r, 300));
      p.kill('SIGKILL');
      await p.exit;
      const t0 = performance.now();
      p = new ProductProcess({ dataDir: tmp.dir, config, env });
      await p.start(120_000);
      await until(healthy(p.url));
      toHealthy.push(performance.now() - t0);
      await firstCallRouted(p.url, token, `1390000${3000 + i}`);
      toRouted.push(performance.now() - t0);
    }
  } finally {
    p.kill('SIGKILL');
    await p.exit;
    tmp.remove();
  }
  return [
    `restart with ${contacts.toLocaleString('en')} contacts in SQLite (kill -9, then start the product again; includes process start-up):`,
    summary('start → /healthz ok', toHealthy),
    summary('start → first call offered to a seat', toRouted),
  ].join('\n');
}

async function takeoverRuns(): Promise<string> {
  const databaseUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL_TEST ?? process.env.REDIS_URL;
  if (!databaseUrl || !redisUrl) return 'take-over: skipped (set DATABASE_URL and REDIS_URL_TEST)';
  const schema = `bench_ha_${randomBytes(3).toString('hex')}`;
  const takeoverSeconds = 2;
  const config = {
    seatsFile: undefined,
    seats: SEATS,
    store: { databaseUrl, pgSchema: schema, seedContacts: 0 },
    hub: { redisUrl, redisPrefix: `${schema}:` },
    ha: { takeoverSeconds },
    telephony: { lab: LAB },
  };
  const dirs = [tempDataDir('hotline-bench-ha-'), tempDataDir('hotline-bench-ha-')];
  const spawnBridge = async (i: number) => {
    const p = new ProductProcess({ dataDir: dirs[i]!.dir, config, env: { DATABASE_URL: undefined } });
    await p.start(120_000);
    return p;
  };
  const runs = quick ? 3 : 10;
  const toActive: number[] = [];
  const toOffered: number[] = [];
  let active = await spawnBridge(0);
  let standby = await spawnBridge(1);
  let standbyIndex = 1;
  try {
    await until(healthy(active.url));
    const { token } = await loginAs(active.url, 'lead1');
    for (let i = 0; i < runs; i++) {
      await until(async () => ((await (await fetch(`${standby.url}/healthz`)).json()) as { role: string }).role === 'standby');
      const t0 = performance.now();
      active.kill('SIGKILL');
      await until(healthy(standby.url), 60_000, 5);
      toActive.push(performance.now() - t0);
      await firstCallRouted(standby.url, token, `1390000${4000 + i}`);
      toOffered.push(performance.now() - t0);
      await active.exit;
      // The dead one comes back as the new standby.
      const next = await spawnBridge(1 - standbyIndex);
      active = standby;
      standby = next;
      standbyIndex = 1 - standbyIndex;
    }
  } finally {
    for (const p of [active, standby]) p.kill('SIGKILL');
    await Promise.all([active.exit, standby.exit]);
    for (const d of dirs) d.remove();
    await dropPgSchema(databaseUrl, schema);
  }
  return [
    `take-over on PostgreSQL + Redis (two bridges, kill -9 of the active one; ha.takeoverSeconds ${takeoverSeconds}):`,
    summary('kill -9 → standby active (/healthz)', toActive),
    summary('kill -9 → first call offered on the new active', toOffered),
  ].join('\n');
}

export async function run(): Promise<string> {
  return `${await restartRuns()}\n${await takeoverRuns()}\n  (real servers: the take-over of live calls is measured by test/interop/ when configured)`;
}

runWhenMain(import.meta.url, run);

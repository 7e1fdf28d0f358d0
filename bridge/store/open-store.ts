/**
 * Opens the store: SQLite file `<dataDir>/history.sqlite3` (created, WAL) by default, PostgreSQL when a
 * URL is given. Both are migrated on open with the same in-code migrations, so a fresh machine needs no
 * manual step. `pgSchema` confines everything (tables + migration bookkeeping) to one PostgreSQL schema,
 * which tests and the benchmark use to isolate themselves.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import type { HotlineConfig } from '../config/schema.js';
import { DependencyUnavailableError } from '../domain/dependency-error.js';
import type { StoreDatabase } from './db-schema.js';
import { KyselyStore, type StoreHealthLimits } from './kysely-store.js';
import { lockDataDir } from './data-dir-lock.js';
import { WorkerSqliteDialect, type WorkerSqliteOptions, type WriteScriptGroup } from './sqlite-worker/worker-dialect.js';
import { Journal } from './write-behind/journal.js';
import { defaultWriteOps, type WriteOpRegistry } from './write-behind/op-registry.js';
import { WriteBehindQueue, type WriteBehindOptions } from './write-behind/write-behind-queue.js';
import { StoreMigrations, type StoreDialect } from './migrations.js';
import type { Store } from './store-api.js';

export type { Store } from './store-api.js';

export interface OpenStoreOptions {
  dataDir: string;
  /** PostgreSQL URL; when set the store uses PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  logger?: pino.Logger;
  /** PostgreSQL schema to live in (created if missing). Lower-case identifier. */
  pgSchema?: string;
  /** Routing learns a caller's language when at least this many latest handled calls agree (config history.languageFromCalls). */
  languageFromCalls?: number;
  /** SQLite: how long a statement waits for another connection's lock, in the worker thread (ms; default 250). */
  busyTimeoutMs?: number;
  /** Write-behind queue tuning (journal `<dataDir>/write-behind.jsonl`). */
  writeBehind?: Partial<WriteBehindOptions>;
  /** When health turns degraded (write backlog, lookup-miss window). */
  health?: Partial<StoreHealthLimits>;
  /** At close, how long pending writes may take before they are left in the journal (ms; default 5000). */
  closeTimeoutMs?: number;
  /** Extra write kinds on top of call events, caller language and audit entries. */
  writeOps?: (registry: WriteOpRegistry) => void;
  /** SQLite fault injection (tests, benchmark): runs before every statement, e.g. to delay it. */
  beforeStatement?: WorkerSqliteOptions['beforeStatement'];
  /** PostgreSQL connect / idle / statement limits (config store.postgres); defaults as in the config schema. */
  postgres?: Partial<PostgresLimits>;
}

export interface PostgresLimits {
  connectTimeoutMs: number;
  idleTimeoutMs: number;
  statementTimeoutMs: number;
  /** Statement limit of the report connections. */
  reportTimeoutMs: number;
}

const PG_DEFAULTS: PostgresLimits = { connectTimeoutMs: 5_000, idleTimeoutMs: 30_000, statementTimeoutMs: 5_000, reportTimeoutMs: 120_000 };

/** The store's back end could not be reached at start-up; the message names where and how long it waited. */
export class StoreUnavailableError extends DependencyUnavailableError {
  override name = 'StoreUnavailableError';
}

/** `host:port` of a PostgreSQL URL, for messages (never the user or password). */
export function pgEndpoint(databaseUrl: string): string {
  try {
    const u = new URL(databaseUrl);
    const host = u.hostname || new URLSearchParams(u.search).get('host') || 'localhost';
    return `${host}:${u.port || '5432'}`;
  } catch {
    return 'the configured PostgreSQL server';
  }
}

export const SQLITE_FILE = 'history.sqlite3';
export const JOURNAL_FILE = 'write-behind.jsonl';
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;

/** Store options from config + environment: DATABASE_URL applies when config names no URL. */
export function storeOptionsFromConfig(config: HotlineConfig, env: NodeJS.ProcessEnv = process.env): OpenStoreOptions {
  const databaseUrl = config.store.databaseUrl ?? (env.DATABASE_URL || undefined);
  const s = config.store;
  return {
    dataDir: s.dataDir,
    languageFromCalls: config.history.languageFromCalls,
    busyTimeoutMs: s.busyTimeoutMs,
    writeBehind: { spoolAfterMs: s.writeBehind.spoolAfterMs, retryMaxMs: s.writeBehind.retryMaxMs, gatherMs: s.writeBehind.gatherMs },
    health: { backlogDepth: s.writeBehind.degradedDepth, backlogAgeMs: s.writeBehind.degradedAgeMs, windowMs: s.degradedWindowMs },
    closeTimeoutMs: s.writeBehind.closeTimeoutMs,
    postgres: s.postgres,
    ...(databaseUrl ? { databaseUrl } : {}),
  };
}

export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const logger = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'store' });
  let dialect: StoreDialect;
  let onPoolError: ((err: Error) => void) | undefined;
  let db: Kysely<StoreDatabase>;
  let releaseLock: () => void = () => {};
  /** Runs the migrations; the store's own connection unless the back end wants another (PostgreSQL). */
  let migrationDb: Kysely<StoreDatabase> | undefined;
  let reportsDb: Kysely<StoreDatabase> | undefined;
  let callReadsDb: Kysely<StoreDatabase> | undefined;
  let runScript: ((groups: readonly WriteScriptGroup[]) => Promise<number>) | undefined;
  try {
    if (opts.databaseUrl) {
      if (opts.pgSchema !== undefined && !SCHEMA_NAME.test(opts.pgSchema)) throw new Error(`invalid PostgreSQL schema name "${opts.pgSchema}"`);
      dialect = 'postgres';
      const limits = { ...PG_DEFAULTS, ...opts.postgres };
      const endpoint = pgEndpoint(opts.databaseUrl);
      const poolConfig = (statementTimeoutMs: number, max: number): pg.PoolConfig => ({
        connectionString: opts.databaseUrl,
        max,
        // Covers TCP connect and the start-up handshake: a server that accepts and never answers fails here.
        connectionTimeoutMillis: limits.connectTimeoutMs,
        idleTimeoutMillis: limits.idleTimeoutMs,
        // A half-open connection (server gone without a FIN) is noticed instead of waited on.
        keepAlive: true,
        // The server cancels a statement past the limit; the client gives up too (a server that stopped
        // answering mid-query cannot cancel anything).
        ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + 1_000 } : {}),
        // Times and counts are int8: parse them to numbers for this pool only (epoch ms fit a double exactly).
        types: { getTypeParser: ((oid: number, format?: string) => (oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
        ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
      });
      // Fail at once, naming the server and the limit, rather than let the first query hang start-up.
      await checkPgReachable(poolConfig(limits.statementTimeoutMs, 1), endpoint, limits.connectTimeoutMs);
      const pool = new pg.Pool(poolConfig(limits.statementTimeoutMs, 8));
      pool.on('error', (err) => {
        logger.error({ err }, 'idle PostgreSQL connection failed');
        onPoolError?.(err);
      });
      db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
      // Reports read for seconds: their own two connections with their own limit, so the call path's
      // pool and its short limit are never taken by a lead's yearly report.
      const reportPool = new pg.Pool(poolConfig(limits.reportTimeoutMs, 2));
      reportPool.on('error', (err) => logger.warn({ err }, 'idle PostgreSQL report connection failed'));
      reportsDb = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool: reportPool }) });
      // Migrations (index builds on a big table) may rightly take longer than one statement should: own
      // pool, same connect limit, no statement limit.
      migrationDb = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool: new pg.Pool(poolConfig(0, 1)) }) });
      try {
        if (opts.pgSchema) await migrationDb.schema.createSchema(opts.pgSchema).ifNotExists().execute();
      } catch (err) {
        await Promise.all([db.destroy(), migrationDb.destroy(), reportsDb?.destroy()]);
        throw err;
      }
    } else {
      dialect = 'sqlite';
      mkdirSync(opts.dataDir, { recursive: true });
      // One process per SQLite store: a second bridge on the same folder stops here with a clear message.
      releaseLock = lockDataDir(opts.dataDir, (pid) => logger.warn({ dataDir: path.resolve(opts.dataDir), stalePid: pid }, 'store lock left by a process that is gone; taking it over'));
      const file = path.join(opts.dataDir, SQLITE_FILE);
      // The connection lives in a worker thread: a lock held elsewhere or a slow disk never blocks the event loop.
      const writer = new WorkerSqliteDialect({ file, busyTimeoutMs: opts.busyTimeoutMs ?? 250, ...(opts.beforeStatement ? { beforeStatement: opts.beforeStatement } : {}) });
      db = new Kysely<StoreDatabase>({ dialect: writer });
      // A write-behind batch goes to the SQLite thread as one script (write-plan.ts).
      runScript = (groups) => writer.runScript(groups);
      // Readers of their own, each in its own worker (WAL lets them read while the first connection
      // writes): the call path's reads (routing's 50 ms history lookup, the pop) never queue behind a
      // write-behind batch, and a year's report, counting for seconds, holds neither.
      const reader = () =>
        new Kysely<StoreDatabase>({
          dialect: new WorkerSqliteDialect({ file, busyTimeoutMs: opts.busyTimeoutMs ?? 250, reader: true, ...(opts.beforeStatement ? { beforeStatement: opts.beforeStatement } : {}) }),
        });
      callReadsDb = reader();
      reportsDb = reader();
    }

    const migrator = new Migrator({
      db: migrationDb ?? db,
      provider: new StoreMigrations(dialect),
      // Named even for public: unnamed, kysely takes migration tables found in any schema of the database
      // (another centre's, a benchmark's) for this store's own, then fails to find them on the search path.
      ...(dialect === 'postgres' ? { migrationTableSchema: opts.pgSchema ?? 'public' } : {}),
    });
    const { error, results } = await migrator.migrateToLatest();
    for (const r of results ?? []) {
      if (r.status === 'Success') logger.info({ migration: r.migrationName, dialect }, 'store migrated');
      else if (r.status === 'Error') logger.error({ migration: r.migrationName, dialect }, 'store migration failed');
    }
    if (migrationDb) await migrationDb.destroy();
    if (error) {
      await Promise.all([db.destroy(), reportsDb?.destroy(), callReadsDb?.destroy()]);
      throw error instanceof Error ? error : new Error(String(error));
    }
    logger.info({ dialect, where: dialect === 'sqlite' ? path.join(opts.dataDir, SQLITE_FILE) : (opts.pgSchema ?? 'public') }, 'store open');

    // Writes spooled before the last stop (store down, crash) are queued before anything new.
    const registry = defaultWriteOps();
    opts.writeOps?.(registry);
    const writes = new WriteBehindQueue({ db, registry, ...(runScript ? { runScript } : {}), journal: new Journal(path.join(opts.dataDir, JOURNAL_FILE)), logger, options: opts.writeBehind ?? {} });
    try {
      await writes.start();
    } catch (err) {
      await Promise.all([db.destroy(), reportsDb?.destroy(), callReadsDb?.destroy()]);
      throw err;
    }
    const store = new KyselyStore(
      db,
      dialect,
      logger,
      { languageFromCalls: opts.languageFromCalls ?? 1, writes, ...(reportsDb ? { reportsDb } : {}), ...(callReadsDb ? { callReadsDb } : {}), ...(opts.health ? { health: opts.health } : {}), ...(opts.closeTimeoutMs !== undefined ? { closeTimeoutMs: opts.closeTimeoutMs } : {}) },
      async () => releaseLock(),
    );
    onPoolError = (err) => store.noteError(err);
    return store;
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/** One connection, opened and closed: a refused, silent or unknown server becomes a StoreUnavailableError. */
async function checkPgReachable(config: pg.PoolConfig, endpoint: string, connectTimeoutMs: number): Promise<void> {
  const client = new pg.Client(config);
  // Without a listener a late socket error after the timeout would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    const why = (err as Error).message || String(err);
    const timedOut = /timeout/i.test(why);
    throw new StoreUnavailableError(
      timedOut
        ? `PostgreSQL at ${endpoint} did not answer within ${connectTimeoutMs} ms (store.postgres.connectTimeoutMs)`
        : `PostgreSQL at ${endpoint}: connection failed (${why}; connect timeout ${connectTimeoutMs} ms)`,
      { cause: err },
    );
  }
  await client.end().catch(() => undefined);
}

/** Drops a PostgreSQL schema and everything in it (test and benchmark clean-up). */
export async function dropPgSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

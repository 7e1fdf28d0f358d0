/**
 * A kysely Dialect whose SQLite connection lives in a worker thread (sqlite-worker.mjs): the main thread
 * compiles the query, posts SQL + parameters, and gets rows back. A lock held by another process (or a
 * slow disk) therefore stalls only the worker, never the bridge's event loop — calls keep being routed.
 *
 * SQLite has one connection here, so connections are handed out one at a time (as kysely's own
 * SqliteDriver does): a transaction owns the connection from BEGIN to COMMIT/ROLLBACK. A reader
 * (`reader: true`) has no transactions and hands out its connection at once. Transactions start
 * with BEGIN IMMEDIATE: every transaction in the store writes, and taking the write lock up front lets
 * the busy timeout apply instead of failing later with SQLITE_BUSY_SNAPSHOT.
 */
import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';
import type { StatementCondition } from '../write-plan.js';

export interface WorkerSqliteOptions {
  /** The database file (created if missing). */
  file: string;
  /** How long one statement waits for another connection's lock before failing with SQLITE_BUSY (ms). */
  busyTimeoutMs: number;
  /**
   * Runs before every statement is posted to the worker (fault injection for tests and the benchmark:
   * e.g. delay every statement by 200 ms). Not for production use.
   */
  beforeStatement?: (sql: string) => Promise<void> | void;
  /**
   * A reader (the call path's reads, reports): statements are pipelined to the thread, each posted at
   * once rather than after the previous one's answer, and the connection is query-only (no
   * transactions, no write scripts). With one-at-a-time hand-over every read cost a turn of the
   * bridge's event loop: at 40 calls/s on a busy core the routing and pop lookups queued for seconds
   * behind each other and calls were routed and popped without their history.
   */
  reader?: boolean;
}

/** An error SQLite (or the worker) reported, with SQLite's code (SQLITE_BUSY, SQLITE_READONLY …). */
export class SqliteWorkerError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteWorkerError';
  }
}

type ScriptMessage = { guard: { sql: string; params: readonly unknown[] }; steps: { sql: string; params: readonly unknown[]; only?: StatementCondition }[] }[];

interface Reply {
  /** The replies to a batch of messages, in the batch's order. */
  batch?: Reply[];
  id?: number;
  /** A script's groups that were applied (not skipped by their guard). */
  applied?: number;
  rows?: unknown[];
  changes?: number;
  lastInsertRowid?: number | bigint;
  error?: { message: string; code?: string };
  closed?: boolean;
  ready?: boolean;
  initError?: { message: string; code?: string };
}

/**
 * Writes the SQLite thread runs in one transaction (BEGIN IMMEDIATE … COMMIT, rolled back whole on the
 * first error), from one message: each group's guard runs first and, when it changes no row (a write
 * already applied), the group is skipped; a step's `only` is judged by the group's first step.
 */
export interface WriteScriptGroup {
  guard: CompiledQuery;
  steps: readonly { query: CompiledQuery; only?: StatementCondition }[];
}

const WORKER_URL = new URL('./sqlite-worker.mjs', import.meta.url);

/** Owns the worker; posts statements and matches replies by id. Restarts the worker if it dies. */
class WorkerLink {
  private worker: Worker | undefined;
  private starting: Promise<Worker> | undefined;
  private readonly pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private destroyed = false;

  constructor(private readonly opts: WorkerSqliteOptions) {}

  start(): Promise<Worker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= new Promise<Worker>((resolve, reject) => {
      const w = new Worker(WORKER_URL, { workerData: { file: this.opts.file, busyTimeoutMs: this.opts.busyTimeoutMs, queryOnly: this.opts.reader === true } });
      const onFirst = (m: Reply) => {
        if (m.initError) {
          this.starting = undefined;
          void w.terminate();
          reject(new SqliteWorkerError(`cannot open SQLite file ${this.opts.file}: ${m.initError.message}`, m.initError.code));
          return;
        }
        w.off('message', onFirst);
        w.on('message', (r: Reply) => this.onReply(r));
        this.worker = w;
        this.starting = undefined;
        resolve(w);
      };
      w.on('message', onFirst);
      w.on('error', (err) => this.onGone(w, err));
      w.on('exit', (code) => this.onGone(w, new Error(`SQLite worker exited (code ${code})`)));
    });
    return this.starting;
  }

  private onReply(r: Reply): void {
    if (r.batch) {
      for (const one of r.batch) this.onReply(one);
      return;
    }
    if (r.id === undefined) return;
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    if (r.error) p.reject(new SqliteWorkerError(r.error.message, r.error.code));
    else p.resolve(r);
  }

  /** Every statement in flight fails (it may or may not have committed: the write-behind queue's op ids settle that). */
  private onGone(w: Worker, err: Error): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new SqliteWorkerError(`SQLite worker stopped: ${err.message}`, 'SQLITE_WORKER_GONE'));
    }
  }

  /** Messages sent to the thread (a test's and a benchmark's measure of round trips). */
  posted = 0;

  /** Statements issued together (one Promise.all), sent as one message once they all are. */
  private outbox: { worker: Worker; messages: object[] } | undefined;

  async post(msg: { sql: string; params: readonly unknown[] } | { script: ScriptMessage } | { close: true }): Promise<Reply> {
    if (this.destroyed) throw new SqliteWorkerError('the store is closed', 'SQLITE_CLOSED');
    const w = await this.start();
    const id = this.nextId++;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send(w, { id, ...msg });
    });
  }

  /**
   * Each postMessage wakes the thread, and on a busy core that hands the core away in the middle of
   * the bridge's work: statements issued together (a pop's reads) go as one message, and the thread
   * answers them in one. Sent from a microtask, not at the end of the turn: a routing lookup must not
   * wait for the rest of the turn's work (the same deferral on drachtio's socket delayed the seat's
   * INVITE by 1.5 ms at the median on the real servers).
   */
  private send(w: Worker, message: object): void {
    if (this.outbox?.worker === w) {
      this.outbox.messages.push(message);
      return;
    }
    const box = { worker: w, messages: [message] };
    this.outbox = box;
    queueMicrotask(() => {
      if (this.outbox === box) this.outbox = undefined;
      this.posted++;
      box.worker.postMessage(box.messages.length === 1 ? box.messages[0] : { batch: box.messages });
    });
  }

  async destroy(): Promise<void> {
    if (this.destroyed) return;
    const w = this.worker ?? (this.starting ? await this.starting.catch(() => undefined) : undefined);
    if (w) {
      await this.post({ close: true }).catch(() => undefined);
      await w.terminate();
    }
    this.destroyed = true;
  }
}

class WorkerConnection implements DatabaseConnection {
  constructor(
    private readonly link: WorkerLink,
    private readonly beforeStatement: WorkerSqliteOptions['beforeStatement'],
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.beforeStatement) await this.beforeStatement(compiledQuery.sql);
    const r = await this.link.post({ sql: compiledQuery.sql, params: compiledQuery.parameters });
    if (r.changes === undefined) return { rows: (r.rows ?? []) as R[] };
    return {
      rows: (r.rows ?? []) as R[],
      numAffectedRows: BigInt(r.changes),
      insertId: r.lastInsertRowid === undefined ? undefined : BigInt(r.lastInsertRowid),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported by the SQLite worker dialect');
  }
}

/** One holder of the single connection at a time, in arrival order. */
class ConnectionMutex {
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.held) await this.held;
    this.held = new Promise<void>((resolve) => (this.release = resolve));
  }

  unlock(): void {
    const release = this.release;
    this.held = undefined;
    this.release = undefined;
    release?.();
  }
}

class WorkerSqliteDriver implements Driver {
  private readonly link: WorkerLink;
  private readonly connection: WorkerConnection;
  private readonly mutex = new ConnectionMutex();

  constructor(private readonly opts: WorkerSqliteOptions) {
    this.link = new WorkerLink(opts);
    this.connection = new WorkerConnection(this.link, opts.beforeStatement);
  }

  async init(): Promise<void> {
    await this.link.start();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    // A reader's statements need no exclusive hold: the thread runs them in order, answers by id.
    if (!this.opts.reader) await this.mutex.lock();
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.opts.reader) throw new SqliteWorkerError('a reader connection takes no transactions', 'SQLITE_READER');
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite may already have rolled back (e.g. after SQLITE_FULL or a reopened connection): nothing to undo.
    await connection.executeQuery(CompiledQuery.raw('rollback')).catch((err: unknown) => {
      if (!/no transaction is active/i.test((err as Error).message)) throw err;
    });
  }

  async releaseConnection(): Promise<void> {
    if (!this.opts.reader) this.mutex.unlock();
  }

  async destroy(): Promise<void> {
    await this.link.destroy();
  }

  /** Runs a write script with the connection held, as a transaction would hold it; resolves with the groups applied. */
  async runScript(groups: readonly WriteScriptGroup[]): Promise<number> {
    if (this.opts.reader) throw new SqliteWorkerError('a reader connection takes no write scripts', 'SQLITE_READER');
    await this.mutex.lock();
    try {
      const beforeStatement = this.opts.beforeStatement;
      if (beforeStatement) for (const g of groups) for (const q of [g.guard, ...g.steps.map((st) => st.query)]) await beforeStatement(q.sql);
      const script: ScriptMessage = groups.map((g) => ({
        guard: { sql: g.guard.sql, params: g.guard.parameters },
        steps: g.steps.map((st) => ({ sql: st.query.sql, params: st.query.parameters, ...(st.only ? { only: st.only } : {}) })),
      }));
      return (await this.link.post({ script })).applied ?? 0;
    } finally {
      this.mutex.unlock();
    }
  }

  get messagesPosted(): number {
    return this.link.posted;
  }
}

export class WorkerSqliteDialect implements Dialect {
  private driver: WorkerSqliteDriver | undefined;
  constructor(private readonly opts: WorkerSqliteOptions) {}
  createDriver(): Driver {
    this.driver = new WorkerSqliteDriver(this.opts);
    return this.driver;
  }

  /** Runs a write script on the SQLite thread in one message (see WriteScriptGroup); resolves with the groups applied. */
  runScript(groups: readonly WriteScriptGroup[]): Promise<number> {
    if (!this.driver) throw new Error('the SQLite dialect is not in use by a Kysely instance yet');
    return this.driver.runScript(groups);
  }

  /** Messages posted to the SQLite thread so far. */
  get messagesPosted(): number {
    return this.driver?.messagesPosted ?? 0;
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

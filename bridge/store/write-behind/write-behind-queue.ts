/**
 * Durable write-behind queue for the store: the call recorder and the audit trail hand their writes here
 * and never wait for the store. Writes are applied in order, in small batches, each batch one
 * transaction that also records every write's op id in `write_ops` — so a write replayed after a crash
 * is recognised and skipped (committed exactly once).
 *
 *   enqueue ──► pending (memory, FIFO) ──► batch transaction ──► committed (removed)
 *                   │  not committed within spoolAfterMs, or the store failed
 *                   └──► journal (JSON lines, fsync'd) ── read back at start ── truncated once all committed
 *
 * A store that is unavailable (locked, read-only, unreachable) is retried with capped exponential
 * backoff, forever, keeping order. A write the store refuses for its own sake (bad data) is retried a
 * few times alone, then kept in a side file (`<journal>.refused.jsonl`) with the error and logged — the
 * queue moves on instead of stalling every later write behind it.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pino from 'pino';
import type { StoreDatabase } from '../db-schema.js';
import { Journal, keepLines, type JournalRecord } from './journal.js';
import type { WriteOpRegistry } from './op-registry.js';
import { isStoreUnavailable } from './store-faults.js';
import { runPlan } from '../write-plan.js';
import { statementTemplate, type Slots } from '../statement-template.js';
import type { WriteScriptGroup } from '../sqlite-worker/worker-dialect.js';

export interface WriteBehindOptions {
  /** A write not committed within this time is spooled to the journal (ms; 0 = journal every write). */
  spoolAfterMs: number;
  /** First retry delay after a failure (ms); doubles per consecutive failure. */
  retryBaseMs: number;
  /** Cap of the retry delay (ms). */
  retryMaxMs: number;
  /** Writes per transaction. */
  batchSize: number;
  /**
   * How long the first write after a quiet spell waits for others before its transaction starts (ms; 0 =
   * at once). A call's writes come a few milliseconds apart; gathered, they share one transaction (on
   * SQLite one message to the store's thread). Kept well under spoolAfterMs.
   */
  gatherMs: number;
  /** Attempts of a write the store refuses for its own sake before it is set aside. */
  maxRefusals: number;
}

/** Op ids are kept this long (a journal line older than that has long committed or been set aside). */
const KEEP_OP_IDS_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 86_400_000;

export const DEFAULT_WRITE_BEHIND: WriteBehindOptions = { spoolAfterMs: 100, retryBaseMs: 50, retryMaxMs: 2000, batchSize: 32, gatherMs: 20, maxRefusals: 5 };

export interface WriteQueueStats {
  /** Writes not yet committed. */
  depth: number;
  /** Age of the oldest of them (ms; 0 when none). */
  oldestAgeMs: number;
  /** Failed attempts since start (each failed transaction counts once). */
  failures: number;
  /** Failed attempts since the last commit (0 = the store takes writes). */
  consecutiveFailures: number;
  lastError?: string;
  /** Writes committed since start. */
  committed: number;
  /** Transactions that committed them (writes gathered into one count once). */
  transactions: number;
  /** Writes set aside because the store refused them for good. */
  refused: number;
  /** Pending writes that are safe in the journal. */
  spooled: number;
}

/** What the rest of the bridge sees of the queue. */
export interface WriteQueue {
  /** Accepts a write of a registered kind; returns its op id. Never waits for the store. */
  enqueue(kind: string, payload: unknown): string;
  /**
   * Resolves once every write enqueued so far has committed (true) — or, with `timeoutMs`, once that time
   * has passed (false; whatever is left is then spooled to the journal first), or when the queue closes
   * before it drained (false: the rest waits in the journal for the next start).
   */
  flush(opts?: { timeoutMs?: number }): Promise<boolean>;
  /**
   * Enqueues and resolves once the write is durable: committed, or safe in the journal (a write behind a
   * failing store is spooled at once). For callers that must know the write will not be lost.
   */
  enqueueDurable(kind: string, payload: unknown): Promise<void>;
  stats(): WriteQueueStats;
}

interface PendingOp {
  id: string;
  kind: string;
  payload: unknown;
  at: number;
  /** Written (or being written) to the journal file. */
  spooled: boolean;
  refusals: number;
  /** The payload is what the kind's parse made of it (enqueued here); a journal's is checked when applied. */
  checked: boolean;
  /** Told once the op is durable (committed or on disk in the journal). */
  durable?: () => void;
}

export class WriteBehindQueue implements WriteQueue {
  private readonly ops: PendingOp[] = [];
  /** Ops in the current journal file that have not committed yet. */
  private readonly inJournal = new Set<string>();
  private readonly logger: pino.Logger;
  private readonly opts: WriteBehindOptions;
  private readonly now: () => number;
  private running = false;
  private closed = false;
  private spoolTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private sleepTimer: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  /** Set while the first write after a quiet spell waits for others (gatherMs). */
  private gatherTimer: NodeJS.Timeout | undefined;
  /** Ops from the head to apply one per transaction (finding the one a batch failed on). */
  private isolate = 0;
  /** flush() callers: told true when the queue empties, false when it closes first. */
  private drainWaiters: ((drained: boolean) => void)[] = [];
  private readonly counters = { failures: 0, consecutiveFailures: 0, committed: 0, transactions: 0, refused: 0 };
  private lastError: string | undefined;
  private pumping: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      db: Kysely<StoreDatabase>;
      registry: WriteOpRegistry;
      /**
       * Runs a batch of planned writes on the store's own thread in one message and one transaction
       * (SQLite: WorkerSqliteDialect#runScript); without it, or for a kind with `apply`, a batch is a
       * kysely transaction, one statement at a time.
       */
      runScript?: (groups: readonly WriteScriptGroup[]) => Promise<number>;
      journal: Journal;
      logger?: pino.Logger;
      options?: Partial<WriteBehindOptions>;
      now?: () => number;
    },
  ) {
    this.logger = (deps.logger ?? pino({ level: 'silent' })).child({ component: 'write-behind' });
    this.opts = { ...DEFAULT_WRITE_BEHIND, ...deps.options };
    this.now = deps.now ?? Date.now;
  }

  private get refusedFile(): string {
    return this.deps.journal.file.replace(/\.jsonl$/, '') + '.refused.jsonl';
  }

  /** Reads the journal a previous run left and queues its writes first (before anything new). */
  async start(): Promise<{ replayed: number }> {
    const { records, bad } = await this.deps.journal.readAll();
    if (bad.length) {
      await keepLines(this.refusedFile, bad.map((line) => JSON.stringify({ unreadableJournalLine: line })));
      this.logger.warn({ lines: bad.length, keptIn: this.refusedFile }, 'unreadable journal lines (a write torn by a crash?) set aside');
    }
    const seen = new Set<string>();
    const usable: PendingOp[] = [];
    const unknown: JournalRecord[] = [];
    for (const r of records) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      if (!this.deps.registry.has(r.kind)) unknown.push(r);
      else usable.push({ id: r.id, kind: r.kind, payload: r.payload, at: r.at, spooled: true, refusals: 0, checked: false });
    }
    if (unknown.length) {
      await keepLines(this.refusedFile, unknown.map((r) => JSON.stringify({ ...r, error: `unknown write kind "${r.kind}"` })));
      this.logger.error({ writes: unknown.length, keptIn: this.refusedFile }, 'journal holds writes of an unknown kind; set aside');
    }
    this.prune();
    this.pruneTimer = setInterval(() => this.prune(), PRUNE_EVERY_MS);
    this.pruneTimer.unref();
    for (const op of usable) this.inJournal.add(op.id);
    this.ops.unshift(...usable);
    if (usable.length) {
      this.logger.info({ writes: usable.length, journal: this.deps.journal.file }, 'replaying writes spooled before the last stop');
      this.kick();
    } else if (!this.deps.journal.isEmpty) {
      await this.deps.journal.truncate();
    }
    return { replayed: usable.length };
  }

  enqueueDurable(kind: string, payload: unknown): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      try {
        this.enqueue(kind, payload, resolve);
      } catch (err) {
        reject(err);
      }
    });
  }

  enqueue(kind: string, payload: unknown, durable?: () => void): string {
    if (this.closed) throw new Error('the write-behind queue is closed');
    const k = this.deps.registry.get(kind);
    if (!k) throw new Error(`unknown write kind "${kind}"`);
    // Bad input is refused here, with the reason, before it is queued.
    const parsed = k.parse(payload);
    const op: PendingOp = { id: randomUUID(), kind, payload: parsed, at: this.now(), spooled: false, refusals: 0, checked: true, ...(durable ? { durable } : {}) };
    this.ops.push(op);
    // While the store is failing every new write goes to the journal at once.
    this.scheduleSpool(this.counters.consecutiveFailures > 0 || this.opts.spoolAfterMs === 0 ? 0 : this.opts.spoolAfterMs);
    // Someone waits for this one (the pop for its history-view audit entry): no gathering.
    this.kick(durable !== undefined);
    return op.id;
  }

  stats(): WriteQueueStats {
    const head = this.ops[0];
    return {
      depth: this.ops.length,
      oldestAgeMs: head ? Math.max(0, this.now() - head.at) : 0,
      failures: this.counters.failures,
      consecutiveFailures: this.counters.consecutiveFailures,
      committed: this.counters.committed,
      transactions: this.counters.transactions,
      refused: this.counters.refused,
      spooled: this.ops.reduce((n, o) => n + (o.spooled ? 1 : 0), 0),
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  async flush(opts: { timeoutMs?: number } = {}): Promise<boolean> {
    if (this.ops.length === 0) return true;
    if (this.closed) return false;
    const drained = new Promise<boolean>((resolve) => this.drainWaiters.push(resolve));
    this.kick(true); // someone waits: no gathering
    if (opts.timeoutMs === undefined) return drained;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), opts.timeoutMs)));
    const done = await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    if (!done) await this.spool();
    return done;
  }

  /**
   * Stops: waits up to `timeoutMs` for the queue to drain, spools what is left so the next start replays
   * it, and closes the journal. No timer is left behind.
   */
  async close(opts: { timeoutMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    // A store that is failing right now gets no grace period: the journal takes the rest at once.
    const grace = this.counters.consecutiveFailures > 0 ? 0 : (opts.timeoutMs ?? 5000);
    const drained = await this.flush({ timeoutMs: grace });
    this.closed = true;
    // Whoever still waits on flush() hears now: what is left goes to the journal, not to the store.
    for (const w of this.drainWaiters.splice(0)) w(false);
    clearInterval(this.pruneTimer);
    clearTimeout(this.spoolTimer);
    this.spoolTimer = undefined;
    clearTimeout(this.gatherTimer);
    this.gatherTimer = undefined;
    this.sleepTimer?.wake();
    await this.spool();
    // The batch in flight (if any) finishes or fails; it is in the journal either way, so a store that
    // never answers does not hold the shutdown.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.pumping, new Promise<void>((r) => (timer = setTimeout(r, Math.max(grace, 1000))))]);
    clearTimeout(timer);
    if (!drained) this.logger.warn({ pending: this.ops.length, journal: this.deps.journal.file }, 'store did not take every write before close; the rest waits in the journal for the next start');
    else if (this.inJournal.size === 0) await this.deps.journal.truncate();
    await this.deps.journal.close();
  }

  /** Forgets op ids committed long ago (best effort: a store that is down now is pruned next time). */
  private prune(): void {
    const before = this.now() - KEEP_OP_IDS_MS;
    this.deps.db
      .deleteFrom('write_ops')
      .where('applied_at', '<', before)
      .execute()
      .catch((err: unknown) => this.logger.debug({ err }, 'could not prune old write op ids'));
  }

  private scheduleSpool(delayMs: number): void {
    if (this.closed) return;
    if (this.spoolTimer && delayMs > 0) return;
    clearTimeout(this.spoolTimer);
    this.spoolTimer = setTimeout(() => {
      this.spoolTimer = undefined;
      const cutoff = this.now() - (this.counters.consecutiveFailures > 0 ? 0 : this.opts.spoolAfterMs);
      void this.spool(cutoff).catch((err: unknown) => this.logger.error({ err }, 'could not write the write-behind journal'));
      // Writes that are not old enough yet are looked at again later.
      if (this.ops.some((o) => !o.spooled)) this.scheduleSpool(this.opts.spoolAfterMs);
    }, delayMs);
  }

  /** Writes every pending, not yet spooled op enqueued at or before `cutoff` to the journal. */
  private async spool(cutoff = Infinity): Promise<void> {
    const batch = this.ops.filter((o) => !o.spooled && o.at <= cutoff);
    if (batch.length === 0) return;
    for (const o of batch) {
      o.spooled = true;
      this.inJournal.add(o.id);
    }
    try {
      await this.deps.journal.append(batch.map((o) => ({ id: o.id, kind: o.kind, at: o.at, payload: o.payload })));
      for (const o of batch) settle(o);
    } catch (err) {
      // Not on disk after all: try again with the next spool.
      for (const o of batch) {
        o.spooled = false;
        this.inJournal.delete(o.id);
      }
      throw err;
    }
  }

  private kick(now = false): void {
    if (this.running || this.closed) return;
    if (this.gatherTimer) {
      if (!now) return;
      clearTimeout(this.gatherTimer);
      this.gatherTimer = undefined;
    } else if (!now && this.opts.gatherMs > 0) {
      this.gatherTimer = setTimeout(() => {
        this.gatherTimer = undefined;
        this.kick(true);
      }, Math.min(this.opts.gatherMs, this.opts.spoolAfterMs));
      return;
    }
    this.running = true;
    this.pumping = this.pump().finally(() => {
      this.running = false;
      // A write enqueued after the pump's last look (its kick found it running) is not left waiting.
      if (this.ops.length > 0 && !this.closed) this.kick();
    });
  }

  private async pump(): Promise<void> {
    while (this.ops.length > 0 && !this.closed) {
      const size = this.isolate > 0 ? 1 : Math.min(this.opts.batchSize, this.ops.length);
      const batch = this.ops.slice(0, size);
      try {
        await this.apply(batch);
      } catch (err) {
        await this.failed(batch, err);
        continue;
      }
      // Only the pump removes ops, always from the head: the batch is still the head.
      this.ops.splice(0, batch.length);
      if (this.isolate > 0) this.isolate--;
      if (this.counters.consecutiveFailures > 0) this.logger.info({ afterFailures: this.counters.consecutiveFailures }, 'store takes writes again');
      this.counters.consecutiveFailures = 0;
      this.counters.committed += batch.length;
      this.counters.transactions++;
      for (const o of batch) {
        this.inJournal.delete(o.id);
        settle(o);
      }
      await this.afterRemoval();
    }
  }

  private async apply(batch: PendingOp[]): Promise<void> {
    const { registry, db, runScript } = this.deps;
    const appliedAt = this.now();
    // Each op's id is recorded in the same transaction; an op already recorded (committed before a crash:
    // the journal still held it, the store has it) is skipped.
    const marker = statementTemplate(db, 'write-op', (v: Slots<'id' | 'kind' | 'at'>) =>
      db.insertInto('write_ops').values({ op_id: v.id, kind: v.kind, applied_at: v.at }).onConflict((oc) => oc.column('op_id').doNothing()),
    );
    const mark = (op: PendingOp) => marker.bind({ id: op.id, kind: op.kind, at: appliedAt });
    const kinds = batch.map((op) => registry.get(op.kind)!);
    // Parsed once: at enqueue, or here for a write read back from the journal (untrusted input).
    const payloadOf = (op: PendingOp, i: number) => (op.checked ? op.payload : kinds[i]!.parse(op.payload));
    if (runScript && kinds.every((k) => k.plan)) {
      await runScript(batch.map((op, i) => ({ guard: mark(op), steps: kinds[i]!.plan!(db, payloadOf(op, i)) })));
      return;
    }
    await db.transaction().execute(async (trx) => {
      for (const [i, op] of batch.entries()) {
        const marked = await trx.executeQuery(mark(op));
        if (Number(marked.numAffectedRows ?? 0n) === 0) continue;
        const kind = kinds[i]!;
        const payload = payloadOf(op, i);
        // Planned on the store's own layer (a compiled statement does not depend on the connection), so
        // its templates are reused across transactions; run in this one.
        await (kind.plan ? runPlan(trx, kind.plan(db, payload)) : kind.apply!(trx, payload));
      }
    });
  }

  private async failed(batch: PendingOp[], err: unknown): Promise<void> {
    this.counters.failures++;
    this.counters.consecutiveFailures++;
    const message = err instanceof Error ? err.message : String(err);
    this.lastError = message;
    const n = this.counters.consecutiveFailures;
    if (isStoreUnavailable(err)) {
      // Everything pending is safe on disk before the wait.
      await this.spool().catch((e: unknown) => this.logger.error({ err: e }, 'could not write the write-behind journal'));
      if (n === 1 || n % 20 === 0) this.logger.warn({ err: message, pending: this.ops.length, failures: n }, 'store unavailable; writes wait in the journal and are retried');
      await this.sleep(Math.min(this.opts.retryMaxMs, this.opts.retryBaseMs * 2 ** Math.min(n - 1, 16)));
      return;
    }
    if (batch.length > 1) {
      // One of them is wrong: go through them one by one to find it.
      this.isolate = batch.length;
      return;
    }
    const op = batch[0]!;
    op.refusals++;
    if (op.refusals < this.opts.maxRefusals) {
      await this.sleep(Math.min(this.opts.retryMaxMs, this.opts.retryBaseMs * 2 ** (op.refusals - 1)));
      return;
    }
    // Set aside with the reason, never dropped; the queue goes on.
    await keepLines(this.refusedFile, [JSON.stringify({ id: op.id, kind: op.kind, at: op.at, payload: op.payload, error: message })]).catch((e: unknown) =>
      this.logger.error({ err: e }, 'could not keep a refused write'),
    );
    this.ops.shift();
    this.inJournal.delete(op.id);
    settle(op);
    if (this.isolate > 0) this.isolate--;
    this.counters.refused++;
    this.logger.error({ kind: op.kind, opId: op.id, err: message, keptIn: this.refusedFile }, 'store refused a write; kept aside');
    await this.afterRemoval();
  }

  /** The journal is emptied once nothing in it is pending; flush() waiters hear when the queue is empty. */
  private async afterRemoval(): Promise<void> {
    if (this.inJournal.size === 0 && !this.deps.journal.isEmpty) {
      await this.deps.journal.truncate().catch((err: unknown) => this.logger.error({ err }, 'could not truncate the write-behind journal'));
    }
    if (this.ops.length === 0) for (const w of this.drainWaiters.splice(0)) w(true);
  }

  private sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepTimer = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepTimer = { timer, wake };
    });
  }
}

function settle(op: PendingOp): void {
  const d = op.durable;
  op.durable = undefined;
  d?.();
}

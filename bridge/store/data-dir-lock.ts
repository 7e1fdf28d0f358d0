/**
 * The embedded SQLite store belongs to one bridge process: two processes would each route and record
 * the same centre's calls and fight over the file. A lock file `<dataDir>/bridge.lock` holds the owner's
 * pid (and, on Linux, its start time, so a pid reused after a kill -9 is not taken for the owner). A lock
 * whose process is gone is stale and taken over with a log line; a live one refuses the start with a
 * message naming the folder and the pid. Stores opened twice inside one process share the lock.
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'bridge.lock';

interface LockContent {
  pid: number;
  /** /proc/<pid>/stat field 22 (start time in clock ticks); absent off Linux. */
  procStart?: string;
  startedAt: number;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `the store in ${dataDir} is in use by another bridge process (pid ${holderPid}); the embedded SQLite store serves one process only. ` +
        `Stop that process, or give this one another store.dataDir (several bridges need PostgreSQL: store.databaseUrl / DATABASE_URL).`,
    );
    this.name = 'DataDirLockedError';
  }
}

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function isAlive(lock: LockContent): boolean {
  try {
    process.kill(lock.pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else — alive.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (lock.procStart === undefined) return true;
  const now = procStart(lock.pid);
  return now === undefined || now === lock.procStart;
}

function readLock(file: string): LockContent | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0 ? (v as LockContent) : undefined;
  } catch {
    return undefined;
  }
}

const held = new Map<string, number>();

/**
 * Takes the data folder for this process; returns the release function. Throws DataDirLockedError when
 * another live process holds it. `onStale` hears about a lock left by a process that is gone.
 */
export function lockDataDir(dataDir: string, onStale?: (pid: number) => void): () => void {
  const file = path.join(path.resolve(dataDir), LOCK_FILE);
  const mine = held.get(file);
  if (mine) {
    held.set(file, mine + 1);
    return once(() => release(file));
  }
  const content: LockContent = { pid: process.pid, startedAt: Date.now(), ...(procStart(process.pid) ? { procStart: procStart(process.pid)! } : {}) };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(content), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err;
      const other = readLock(file);
      if (other && other.pid !== process.pid && isAlive(other)) throw new DataDirLockedError(path.resolve(dataDir), other.pid);
      // Gone (or unreadable, or a leftover of this very pid): remove and retry; wx keeps two starters from both winning.
      if (other && other.pid !== process.pid) onStale?.(other.pid);
      try {
        unlinkSync(file);
      } catch {
        /* someone else removed it first */
      }
    }
  }
  held.set(file, 1);
  return once(() => release(file));
}

function release(file: string): void {
  const n = held.get(file) ?? 0;
  if (n > 1) {
    held.set(file, n - 1);
    return;
  }
  held.delete(file);
  if (readLock(file)?.pid === process.pid) {
    try {
      unlinkSync(file);
    } catch {
      /* already gone */
    }
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}

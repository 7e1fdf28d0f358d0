/**
 * The write-behind queue's journal: an append-only file of JSON lines, one pending write each, fsync'd
 * before the queue counts the write as spooled. Read back at start (a torn last line from a crash is
 * skipped with a warning), and truncated once every write in it has committed. All file operations run
 * one after another (a truncate never overtakes an append) and off the event loop (fs/promises).
 */
import { appendFile, mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface JournalRecord {
  id: string;
  kind: string;
  /** When the write was first enqueued (epoch ms). */
  at: number;
  payload: unknown;
}

export class Journal {
  private handle: FileHandle | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  /** Bytes written since the last truncate (0 = empty file). */
  private size = 0;

  constructor(readonly file: string) {}

  get isEmpty(): boolean {
    return this.size === 0;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async fileHandle(): Promise<FileHandle> {
    if (!this.handle) {
      await mkdir(path.dirname(this.file), { recursive: true });
      this.handle = await open(this.file, 'a');
    }
    return this.handle;
  }

  /** Reads what a previous run left. `bad` lists lines that could not be parsed (kept by the caller). */
  async readAll(): Promise<{ records: JournalRecord[]; bad: string[] }> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], bad: [] };
      throw err;
    }
    this.size = Buffer.byteLength(text);
    const records: JournalRecord[] = [];
    const bad: string[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as Partial<JournalRecord>;
        if (typeof r.id !== 'string' || typeof r.kind !== 'string' || typeof r.at !== 'number') throw new Error('not a journal record');
        records.push(r as JournalRecord);
      } catch {
        bad.push(line);
      }
    }
    return { records, bad };
  }

  /** Appends and fsyncs; resolves once the records are on disk. */
  append(records: JournalRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    const data = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    return this.serial(async () => {
      const h = await this.fileHandle();
      await h.appendFile(data, 'utf8');
      await h.sync();
      this.size += Buffer.byteLength(data);
    });
  }

  /** Empties the file (everything in it has committed). */
  truncate(): Promise<void> {
    return this.serial(async () => {
      if (this.size === 0) return;
      const h = await this.fileHandle();
      await h.truncate(0);
      await h.sync();
      this.size = 0;
    });
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      await this.handle?.close();
      this.handle = undefined;
    });
  }
}

/** Appends lines to a side file (writes the store refused for good, unreadable journal lines): kept, never dropped. */
export async function keepLines(file: string, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, lines.join('\n') + '\n', 'utf8');
}

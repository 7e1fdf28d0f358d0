/**
 * The back ends every store test runs on: SQLite in a fresh temp folder always, PostgreSQL in a fresh
 * schema when DATABASE_URL is set (CI sets it). Each `open()` gives an empty store; `cleanup()` closes
 * and removes what it made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { dropPgSchema, openStore, type OpenStoreOptions } from '../../../bridge/store/index.js';
import type { Store } from '../../../bridge/store/store-api.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  open(extra?: Partial<OpenStoreOptions>): Promise<Store>;
  /** Reopen the last opened store's location (persistence checks). */
  reopen(extra?: Partial<OpenStoreOptions>): Promise<Store>;
  cleanup(): Promise<void>;
}

export function sqliteBackend(): Backend {
  const dirs: string[] = [];
  const stores: Store[] = [];
  return {
    name: 'sqlite',
    async open(extra) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-store-'));
      dirs.push(dir);
      const s = await openStore({ dataDir: dir, ...extra });
      stores.push(s);
      return s;
    },
    async reopen(extra) {
      const s = await openStore({ dataDir: dirs[dirs.length - 1]!, ...extra });
      stores.push(s);
      return s;
    },
    async cleanup() {
      for (const s of stores.splice(0)) await s.close().catch(() => {});
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

export function postgresBackend(url: string): Backend {
  const schemas: string[] = [];
  const stores: Store[] = [];
  return {
    name: 'postgres',
    async open(extra) {
      const schema = `t_store_${randomBytes(6).toString('hex')}`;
      schemas.push(schema);
      const s = await openStore({ dataDir: '/nonexistent', databaseUrl: url, pgSchema: schema, ...extra });
      stores.push(s);
      return s;
    },
    async reopen(extra) {
      const s = await openStore({ dataDir: '/nonexistent', databaseUrl: url, pgSchema: schemas[schemas.length - 1]!, ...extra });
      stores.push(s);
      return s;
    },
    async cleanup() {
      for (const s of stores.splice(0)) await s.close().catch(() => {});
      for (const schema of schemas.splice(0)) await dropPgSchema(url, schema);
    },
  };
}

/** SQLite always; PostgreSQL when DATABASE_URL points at one. */
export function backends(): Backend[] {
  const url = process.env.DATABASE_URL;
  return url ? [sqliteBackend(), postgresBackend(url)] : [sqliteBackend()];
}

export const pgMissingNote = 'DATABASE_URL is not set: the PostgreSQL run of this suite is skipped here (CI sets it)';

/**
 * Resolves once every queued write has committed. A write is "durable" as soon as it is in the journal
 * file, which on a busy machine comes before the commit (write-behind's spoolAfterMs): a test that reads
 * back what it just wrote waits for the queue to empty first.
 */
export async function untilCommitted(store: Store): Promise<void> {
  while (store.health().queue.depth > 0) await new Promise((r) => setTimeout(r, 5));
}

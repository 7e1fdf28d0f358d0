/**
 * Desktop sessions in the store (issue 8: a restart logs no one out). Only the SHA-256 digest of a
 * token is kept, never the token. A row outlives its session for a while (ended_at / end_reason) so the
 * login form can say why a session ended; `prune` deletes rows once that no longer matters.
 *
 * Session rows are written directly, not through any write-behind queue: a login is answered only once
 * its session is durable, or a restart right after would log that agent out.
 */
import type { Kysely, Selectable } from 'kysely';
import type { StoreDatabase } from './db-schema.js';

export interface SessionsTable {
  id: string;
  /** hex SHA-256 of the bearer token */
  token_digest: string;
  user_id: string;
  ip: string;
  created_at: number;
  expires_at: number;
  ended_at: number | null;
  /** logout | revoked */
  end_reason: string | null;
}

export interface SessionRow {
  id: string;
  tokenDigest: string;
  userId: string;
  ip: string;
  createdAt: number;
  expiresAt: number;
  endedAt: number | null;
  endReason: string | null;
}

/** The store's session table as the auth module uses it (same contract as its memory and Redis back ends). */
export interface SessionRecords {
  insert(row: SessionRow): Promise<void>;
  byDigest(tokenDigest: string): Promise<SessionRow | null>;
  byId(id: string): Promise<SessionRow | null>;
  /** Marks a live session ended; true only for the call that ended it. */
  end(id: string, reason: string, at: number): Promise<boolean>;
  /** Sessions neither ended nor expired at `now`. */
  live(now: number): Promise<SessionRow[]>;
  /** Deletes rows that expired or ended before `before`; returns how many. */
  prune(before: number): Promise<number>;
}

const toRow = (r: Selectable<SessionsTable>): SessionRow => ({
  id: r.id,
  tokenDigest: r.token_digest,
  userId: r.user_id,
  ip: r.ip,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  endedAt: r.ended_at === null ? null : Number(r.ended_at),
  endReason: r.end_reason,
});

type Db = Kysely<StoreDatabase & { sessions: SessionsTable }>;

export class StoreSessionRecords implements SessionRecords {
  private readonly db: Db;
  constructor(db: Kysely<StoreDatabase>) {
    this.db = db as unknown as Db;
  }

  async insert(s: SessionRow): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ id: s.id, token_digest: s.tokenDigest, user_id: s.userId, ip: s.ip, created_at: s.createdAt, expires_at: s.expiresAt, ended_at: s.endedAt, end_reason: s.endReason })
      .execute();
  }

  async byDigest(tokenDigest: string): Promise<SessionRow | null> {
    const r = await this.db.selectFrom('sessions').selectAll().where('token_digest', '=', tokenDigest).executeTakeFirst();
    return r ? toRow(r) : null;
  }

  async byId(id: string): Promise<SessionRow | null> {
    const r = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toRow(r) : null;
  }

  async end(id: string, reason: string, at: number): Promise<boolean> {
    const out = await this.db.updateTable('sessions').set({ ended_at: at, end_reason: reason }).where('id', '=', id).where('ended_at', 'is', null).executeTakeFirst();
    return Number(out.numUpdatedRows) > 0;
  }

  async live(now: number): Promise<SessionRow[]> {
    const rows = await this.db.selectFrom('sessions').selectAll().where('ended_at', 'is', null).where('expires_at', '>', now).orderBy('created_at').execute();
    return rows.map(toRow);
  }

  async prune(before: number): Promise<number> {
    const out = await this.db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('ended_at', '<', before)]))
      .executeTakeFirst();
    return Number(out.numDeletedRows);
  }
}

/**
 * The audit trail as the lead's panel reads it: newest first, paged by id, filtered by actor, action
 * and time. `before` is the oldest id already shown, so a page never repeats or skips an entry while
 * new ones are being appended.
 */
import type { Kysely } from 'kysely';
import type { AuditEntry } from '../calls/call-center-api.js';
import type { StoreDatabase } from './db-schema.js';
import { parseDetail } from './row-mapping.js';

export interface AuditPageQuery {
  limit: number;
  before?: number;
  actor?: string;
  action?: string;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, inclusive. */
  to?: number;
}

export interface StoredAuditPage {
  entries: (AuditEntry & { id: number })[];
  hasMore: boolean;
}

export async function listAuditPage(db: Kysely<StoreDatabase>, q: AuditPageQuery): Promise<StoredAuditPage> {
  const limit = Math.max(1, Math.min(q.limit, 10_000));
  let sel = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit + 1);
  if (q.before !== undefined) sel = sel.where('id', '<', q.before);
  if (q.actor) sel = sel.where('actor', '=', q.actor);
  if (q.action) sel = sel.where('action', '=', q.action);
  if (q.from !== undefined) sel = sel.where('at', '>=', q.from);
  if (q.to !== undefined) sel = sel.where('at', '<=', q.to);
  const rows = await sel.execute();
  return {
    entries: rows.slice(0, limit).map((r) => ({ id: Number(r.id), at: Number(r.at), actor: r.actor, action: r.action, detail: parseDetail(r.detail) })),
    hasMore: rows.length > limit,
  };
}

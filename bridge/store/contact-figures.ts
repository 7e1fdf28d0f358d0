/**
 * Contact counts straight from the store: the wallboard's "today" figures (so a restart does not zero
 * them) and the crash recovery that closes contacts an unclean stop left open.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreDatabase } from './db-schema.js';
import type { SettledCall } from '../calls/service-level.js';

export interface ContactFigures {
  arrived: number;
  answered: number;
  /** Answered within the service-level target. */
  answeredInTime: number;
  abandoned: number;
}

export interface ContactFiguresQuery {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  answeredWithinMs: number;
}

export async function contactFigures(db: Kysely<StoreDatabase>, q: ContactFiguresQuery): Promise<ContactFigures> {
  const row = await db
    .selectFrom('contacts')
    .select([
      sql<number>`count(*)`.as('arrived'),
      sql<number>`coalesce(sum(case when answered_at is not null then 1 else 0 end), 0)`.as('answered'),
      sql<number>`coalesce(sum(case when answered_at is not null and answered_at - arrived_at <= ${q.answeredWithinMs} then 1 else 0 end), 0)`.as('in_time'),
      sql<number>`coalesce(sum(case when outcome = 'abandoned' then 1 else 0 end), 0)`.as('abandoned'),
    ])
    .where('arrived_at', '>=', q.from)
    .where('arrived_at', '<', q.to)
    .executeTakeFirstOrThrow();
  return { arrived: Number(row.arrived), answered: Number(row.answered), answeredInTime: Number(row.in_time), abandoned: Number(row.abandoned) };
}

/**
 * Contacts that arrived in [from, to) and whose outcome is known (answered, or ended unanswered), in
 * arrival order: the service level's today and shift survive a restart. A day of a large centre is a few
 * thousand narrow rows, read once at start through the arrived_at index.
 */
export async function settledContacts(db: Kysely<StoreDatabase>, q: { from: number; to: number }): Promise<SettledCall[]> {
  const rows = await db
    .selectFrom('contacts')
    .select(['arrived_at', 'answered_at', 'ended_at', 'outcome', 'dialled_number', 'language', 'desk'])
    .where('arrived_at', '>=', q.from)
    .where('arrived_at', '<', q.to)
    .where((eb) => eb.or([eb('answered_at', 'is not', null), eb('ended_at', 'is not', null)]))
    .orderBy('arrived_at')
    .execute();
  return rows.map((r) => {
    const arrivedAt = Number(r.arrived_at);
    const answered = r.answered_at !== null;
    const until = Number(answered ? r.answered_at : r.ended_at);
    return {
      arrivedAt,
      waitMs: Math.max(0, until - arrivedAt),
      answered,
      abandoned: !answered && r.outcome === 'abandoned',
      line: r.dialled_number,
      language: r.language ?? 'unknown',
      desk: r.desk ?? 'unknown',
    };
  });
}

/**
 * Every contact still open (no end time) is closed as `interrupted`, ended at its last recorded event
 * (its arrival when it has none). Calls a successor adopted alive are passed in `keep` and left open.
 * Returns the call ids closed.
 */
export async function closeInterruptedContacts(db: Kysely<StoreDatabase>, keep: readonly string[] = []): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    let open = trx.selectFrom('contacts').select('call_id').where('ended_at', 'is', null);
    if (keep.length) open = open.where('call_id', 'not in', [...keep]);
    const ids = (await open.execute()).map((r) => r.call_id);
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await trx
        .updateTable('contacts')
        .set({
          outcome: 'interrupted',
          ended_at: sql<number>`coalesce((select max(e.at) from contact_events e where e.call_id = contacts.call_id), contacts.arrived_at)`,
        })
        .where('call_id', 'in', chunk)
        .where('ended_at', 'is', null)
        .execute();
    }
    return ids;
  });
}

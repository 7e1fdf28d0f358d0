/**
 * Contact counts straight from the store: the wallboard's "today" figures (so a restart does not zero
 * them) and the crash recovery that closes contacts an unclean stop left open.
 */
import { sql, type Kysely } from 'kysely';
import type { StoreDatabase } from './db-schema.js';

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

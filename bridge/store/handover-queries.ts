/**
 * The hand-over's open urgent matters: open tickets past their due time, or that callers were
 * dissatisfied with at least `urgeAfter` times (催办/督办), most overdue first. The statuses are listed
 * (not "<> closed") so the query walks the tickets(status, due_at) index instead of the whole table.
 */
import type { Kysely } from 'kysely';
import type { StoreDatabase } from './db-schema.js';
import { dissatisfiedCount } from './pop-queries.js';

export const OPEN_TICKET_STATUSES = ['registered', 'dispatched', 'in-progress', 'replied', 'reopened'] as const;

export interface OpenTicketsQuery {
  now: number;
  urgeAfter: number;
  limit: number;
}

export interface UrgentTicketRow {
  number: string;
  caller: string;
  category: string;
  place: string | null;
  status: string;
  dueAt: number | null;
  overdue: boolean;
  dissatisfied: number;
}

export async function urgentTickets(db: Kysely<StoreDatabase>, q: OpenTicketsQuery): Promise<UrgentTicketRow[]> {
  const rows = await db
    .selectFrom('tickets as t')
    .select([
      't.number',
      't.caller',
      't.category',
      't.place',
      't.status',
      't.due_at',
      (eb) => dissatisfiedCount(eb).as('dissatisfied'),
    ])
    .where('t.status', 'in', [...OPEN_TICKET_STATUSES])
    .where((eb) =>
      eb.or([
        eb('t.due_at', '<', q.now),
        eb(dissatisfiedCount(eb), '>=', q.urgeAfter),
      ]),
    )
    .orderBy('t.due_at', 'asc')
    .orderBy('t.number', 'asc')
    .limit(Math.max(1, Math.min(q.limit, 500)))
    .execute();
  return rows.map((r) => ({
    number: r.number,
    caller: r.caller,
    category: r.category,
    place: r.place,
    status: r.status,
    dueAt: r.due_at == null ? null : Number(r.due_at),
    overdue: r.due_at != null && Number(r.due_at) < q.now,
    dissatisfied: Number(r.dissatisfied ?? 0),
  }));
}

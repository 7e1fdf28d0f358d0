/**
 * The pop's read path: at most five indexed queries per caller, one when the number is unknown.
 *   1. callers by primary key
 *   2. last N contacts               — contacts(caller, arrived_at)
 *   3. contacts per category in D days (一人多次) — contacts(caller, category, arrived_at)
 *   4. open tickets + dissatisfied count — tickets(caller, status), ticket_satisfaction(ticket_number, result)
 *   5. distinct callers per (category, place) in D days (一事多人) — tickets(category, place, created_at)
 * 2–5 run concurrently (PostgreSQL uses several pool connections; SQLite runs them back to back).
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { StoreDatabase, TicketsTable } from './db-schema.js';
import { toCallerRow, toContactRow } from './row-mapping.js';
import type { CallerPopData, PopDataQuery } from './store-api.js';

const DAY = 86_400_000;

export async function loadPopData(db: Kysely<StoreDatabase>, callerNumber: string, q: PopDataQuery): Promise<CallerPopData> {
  const callerRow = await db.selectFrom('callers').selectAll().where('number', '=', callerNumber).executeTakeFirst();
  if (!callerRow) {
    return { caller: null, contacts: [], hasPriorContacts: false, categoryCounts: [], openTickets: [], sameMatter: [], queries: 1 };
  }
  const repeatSince = q.now - q.repeatDays * DAY;
  const matterSince = q.now - q.sameMatterDays * DAY;
  const exclude = q.excludeCallId ?? '';

  const [contacts, categoryCounts, openTickets, sameMatter] = await Promise.all([
    db
      .selectFrom('contacts')
      .selectAll()
      .where('caller', '=', callerNumber)
      .where('call_id', '<>', exclude)
      .where('caller_verified', '=', 1)
      .orderBy('arrived_at', 'desc')
      .limit(q.recentContacts)
      .execute(),
    db
      .selectFrom('contacts')
      .select(['category', sql<number>`count(*)`.as('n')])
      .where('caller', '=', callerNumber)
      .where('category', 'is not', null)
      .where('arrived_at', '>=', repeatSince)
      .where('call_id', '<>', exclude)
      .where('caller_verified', '=', 1)
      .groupBy('category')
      .execute(),
    db
      .selectFrom('tickets as t')
      .select([
        't.number',
        't.category',
        't.place',
        't.status',
        't.repeat_complaint',
        't.created_at',
        't.due_at',
        (eb) => dissatisfiedCount(eb).as('dissatisfied'),
      ])
      .where('t.caller', '=', callerNumber)
      .where('t.status', '<>', 'closed')
      .orderBy('t.created_at', 'desc')
      .execute(),
    db
      .selectFrom(
        db
          .selectFrom('tickets')
          .select(['category', 'place'])
          .distinct()
          .where('caller', '=', callerNumber)
          .where('place', 'is not', null)
          .where((eb) => eb.or([eb('created_at', '>=', matterSince), eb('status', '<>', 'closed')]))
          .as('m'),
      )
      .innerJoin('tickets as o', (j) => j.onRef('o.category', '=', 'm.category').onRef('o.place', '=', 'm.place'))
      .select(['m.category', 'm.place', sql<number>`count(distinct o.caller)`.as('callers')])
      .where('o.created_at', '>=', matterSince)
      .groupBy(['m.category', 'm.place'])
      .execute(),
  ]);

  const rows = contacts.map(toContactRow);
  return {
    caller: toCallerRow(callerRow),
    contacts: rows,
    hasPriorContacts: rows.length > 0,
    categoryCounts: categoryCounts.filter((r) => r.category != null).map((r) => ({ category: r.category!, count: Number(r.n) })),
    openTickets: openTickets.map((t) => ({
      number: t.number,
      category: t.category,
      place: t.place,
      status: t.status,
      repeatComplaint: Number(t.repeat_complaint) === 1,
      createdAt: Number(t.created_at),
      dueAt: t.due_at == null ? null : Number(t.due_at),
      dissatisfied: Number(t.dissatisfied ?? 0),
    })),
    sameMatter: sameMatter.map((r) => ({ category: r.category, place: r.place!, callers: Number(r.callers) })),
    queries: 5,
  };
}

/**
 * How many dissatisfied results a ticket (aliased `t`) has had — what makes a matter urged (催办 /
 * 督办): shown in the pop, and a reason a matter is on the shift hand-over.
 */
export function dissatisfiedCount(eb: ExpressionBuilder<StoreDatabase & { t: TicketsTable }, 't'>) {
  return eb
    .selectFrom('ticket_satisfaction as s')
    .select(sql<number>`count(*)`.as('n'))
    .whereRef('s.ticket_number', '=', 't.number')
    .where('s.result', '=', 'dissatisfied');
}

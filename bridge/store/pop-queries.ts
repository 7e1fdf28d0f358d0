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
import { compileTemplate, perQueryLayer, type Slots, type StatementTemplate } from './statement-template.js';
import type { CallerPopData, PopDataQuery } from './store-api.js';

const DAY = 86_400_000;

type PopSlot = 'caller' | 'exclude' | 'repeatSince' | 'matterSince' | 'limit';

/** The five statements for this query layer (its dialect decides the SQL), compiled on its first pop. */
function popStatements(db: Kysely<StoreDatabase>): ReturnType<typeof buildPopStatements> {
  return perQueryLayer(db, 'pop', () => buildPopStatements(db));
}

/** The five statements, built with slots for the values (statement-template.ts). */
function buildPopStatements(db: Kysely<StoreDatabase>) {
  return {
    caller: compileTemplate((v: Slots<PopSlot>) => db.selectFrom('callers').selectAll().where('number', '=', v.caller)),
    contacts: compileTemplate((v: Slots<PopSlot>) =>
      db
        .selectFrom('contacts')
        .selectAll()
        .where('caller', '=', v.caller)
        .where('call_id', '<>', v.exclude)
        .where('caller_verified', '=', 1)
        .orderBy('arrived_at', 'desc')
        .limit(v.limit),
    ),
    categoryCounts: compileTemplate((v: Slots<PopSlot>) =>
      db
        .selectFrom('contacts')
        .select(['category', sql<number>`count(*)`.as('n')])
        .where('caller', '=', v.caller)
        .where('category', 'is not', null)
        .where('arrived_at', '>=', v.repeatSince)
        .where('call_id', '<>', v.exclude)
        .where('caller_verified', '=', 1)
        .groupBy('category'),
    ),
    openTickets: compileTemplate((v: Slots<PopSlot>) =>
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
        .where('t.caller', '=', v.caller)
        .where('t.status', '<>', 'closed')
        .orderBy('t.created_at', 'desc'),
    ),
    sameMatter: compileTemplate((v: Slots<PopSlot>) =>
      db
        .selectFrom(
          db
            .selectFrom('tickets')
            .select(['category', 'place'])
            .distinct()
            .where('caller', '=', v.caller)
            .where('place', 'is not', null)
            .where((eb) => eb.or([eb('created_at', '>=', v.matterSince), eb('status', '<>', 'closed')]))
            .as('m'),
        )
        .innerJoin('tickets as o', (j) => j.onRef('o.category', '=', 'm.category').onRef('o.place', '=', 'm.place'))
        .select(['m.category', 'm.place', sql<number>`count(distinct o.caller)`.as('callers')])
        .where('o.created_at', '>=', v.matterSince)
        .groupBy(['m.category', 'm.place']),
    ),
  };
}

export async function loadPopData(db: Kysely<StoreDatabase>, callerNumber: string, q: PopDataQuery): Promise<CallerPopData> {
  const statements = popStatements(db);
  const values = {
    caller: callerNumber,
    exclude: q.excludeCallId ?? '',
    repeatSince: q.now - q.repeatDays * DAY,
    matterSince: q.now - q.sameMatterDays * DAY,
    limit: q.recentContacts,
  };
  const callerRow = (await db.executeQuery(statements.caller.bind(values))).rows[0];
  if (!callerRow) {
    return { caller: null, contacts: [], hasPriorContacts: false, categoryCounts: [], openTickets: [], sameMatter: [], queries: 1 };
  }
  const rowsOf = <R>(t: StatementTemplate<PopSlot, R>) => db.executeQuery(t.bind(values)).then((r) => r.rows);
  const [contacts, categoryCounts, openTickets, sameMatter] = await Promise.all([
    rowsOf(statements.contacts),
    rowsOf(statements.categoryCounts),
    rowsOf(statements.openTickets),
    rowsOf(statements.sameMatter),
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

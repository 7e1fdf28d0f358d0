/**
 * In-code migrations, the same for SQLite and PostgreSQL. Only the auto-increment id column differs
 * (SQLite `integer primary key autoincrement`, PostgreSQL `bigserial`), hence the dialect argument.
 * Indexes follow the pop's lookups: a caller's recent contacts (caller, arrived_at), 一人多次
 * (caller, category, arrived_at), 一事多人 (category, place, created_at), open tickets (caller, status).
 */
import { sql, type CreateTableBuilder, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export type StoreDialect = 'sqlite' | 'postgres';

/** Adds the auto-increment `id` primary key the way each back end spells it. */
function withId<T extends string>(dialect: StoreDialect, t: CreateTableBuilder<T, never>) {
  return dialect === 'sqlite'
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : t.addColumn('id', sql`bigserial`, (c) => c.primaryKey());
}

function initial(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('callers')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('preferred_language', 'text')
        .addColumn('language_source', 'text')
        .addColumn('language_set_at', 'bigint')
        .addColumn('language_set_by', 'text')
        .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('first_seen', 'bigint', (c) => c.notNull())
        .addColumn('last_seen', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('contacts')
        .addColumn('call_id', 'text', (c) => c.primaryKey())
        .addColumn('caller', 'text', (c) => c.notNull())
        .addColumn('caller_verified', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('arrived_at', 'bigint', (c) => c.notNull())
        .addColumn('answered_at', 'bigint')
        .addColumn('ended_at', 'bigint')
        .addColumn('dialled_number', 'text', (c) => c.notNull())
        .addColumn('language', 'text')
        .addColumn('desk', 'text')
        .addColumn('seat_id', 'text')
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('contact_mode', 'text')
        .addColumn('recording_ref', 'text')
        .addColumn('category', 'text')
        .addColumn('disposition', 'text')
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('contacts_caller_time').on('contacts').columns(['caller', 'arrived_at']).execute();
      await db.schema.createIndex('contacts_caller_category_time').on('contacts').columns(['caller', 'category', 'arrived_at']).execute();

      await withId(dialect, db.schema.createTable('contact_events'))
        .addColumn('call_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('seat_id', 'text')
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('contact_events_call').on('contact_events').columns(['call_id', 'id']).execute();

      await db.schema
        .createTable('tickets')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('caller', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('place', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('repeat_complaint', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('due_at', 'bigint')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tickets_caller_status').on('tickets').columns(['caller', 'status']).execute();
      await db.schema.createIndex('tickets_category_place_time').on('tickets').columns(['category', 'place', 'created_at']).execute();

      await withId(dialect, db.schema.createTable('ticket_satisfaction'))
        .addColumn('ticket_number', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ticket_satisfaction_ticket').on('ticket_satisfaction').columns(['ticket_number', 'result']).execute();

      await withId(dialect, db.schema.createTable('audit_log'))
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at']).execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['audit_log', 'ticket_satisfaction', 'tickets', 'contact_events', 'contacts', 'callers']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}

/** Desktop sessions (issue 8): token digests only, with expiry and how a session ended. */
function sessions(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_digest', 'text', (c) => c.notNull().unique())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .addColumn('end_reason', 'text')
        .execute();
      await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('sessions').ifExists().execute();
    },
  };
}

/**
 * Durable centre state (issue 8): centre mode, per-seat overrides, seats' chosen states; and the indexes
 * a restart needs fast with a million contacts: today's figures (arrived_at) and the open contacts
 * crash recovery closes (partial index: only open rows are in it).
 */
function centreState(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('centre_mode')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('preset', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('by_user', 'text', (c) => c.notNull())
        .addColumn('since', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('seat_overrides')
        .addColumn('seat_id', 'text', (c) => c.primaryKey())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('by_user', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('seat_states')
        .addColumn('seat_id', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('since', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('contacts_arrived_at').on('contacts').column('arrived_at').execute();
      await db.schema.createIndex('contacts_open').on('contacts').column('call_id').where(sql.ref('ended_at'), 'is', null).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('contacts_open').ifExists().execute();
      await db.schema.dropIndex('contacts_arrived_at').ifExists().execute();
      for (const t of ['seat_states', 'seat_overrides', 'centre_mode']) await db.schema.dropTable(t).ifExists().execute();
    },
  };
}

/**
 * Op ids of the writes the write-behind queue committed (issue 9): recorded in the same transaction as
 * the write, so a write replayed from the journal after a crash is recognised and not applied twice.
 */
function writeOps(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('write_ops')
        .addColumn('op_id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('applied_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('write_ops_applied_at').on('write_ops').column('applied_at').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('write_ops').ifExists().execute();
    },
  };
}

/**
 * Reports (issue 11): what a month's report needs without reading the event trail — when wrap-up ended,
 * how often the call went back into the queue, which of 110/119/120 it was handed to — kept on the
 * contact row by the recorder; and the indexes the report reads: 一人多次's (caller, category) groups
 * with the period and caller_verified in the index (without them SQLite looked up every row: a month's
 * report went from seconds to well under one), the period's tickets for 一事多人, and the open tickets
 * by due time for the hand-over.
 */
function reports(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('contacts').addColumn('wrap_up_done_at', 'bigint').execute();
      await db.schema.alterTable('contacts').addColumn('transfers', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('contacts').addColumn('linkage', 'text').execute();
      await db.schema.createIndex('contacts_caller_category_verified').on('contacts').columns(['caller', 'category', 'arrived_at', 'caller_verified']).execute();
      await db.schema.createIndex('tickets_created_at').on('tickets').columns(['created_at', 'category', 'place', 'caller']).execute();
      await db.schema.createIndex('tickets_status_due').on('tickets').columns(['status', 'due_at']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('tickets_status_due').ifExists().execute();
      await db.schema.dropIndex('tickets_created_at').ifExists().execute();
      await db.schema.dropIndex('contacts_caller_category_verified').ifExists().execute();
      for (const c of ['linkage', 'transfers', 'wrap_up_done_at']) await db.schema.alterTable('contacts').dropColumn(c).execute();
    },
  };
}

export class StoreMigrations implements MigrationProvider {
  constructor(private readonly dialect: StoreDialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '0001-initial': initial(this.dialect), '0003_sessions': sessions(), '0004_centre_state': centreState(), '0005_write_ops': writeOps(), '0006_reports': reports() };
  }
}

/**
 * Statements built and compiled once per query layer and shape, then bound to each use's values.
 *
 * kysely builds an operation tree and compiles it to SQL on every use: 6–30 µs per statement on the
 * bridge's thread (a pop's five reads 106 µs together), while the statement itself runs on the SQLite
 * thread or the PostgreSQL server. A call makes several call-event writes (three or four statements
 * each), a pop five reads and a routing lookup one. So the tree is built once with stand-ins for the
 * values, compiled, and each use puts its values where the stand-ins are.
 *
 *   const insert = statementTemplate(db, 'audit', (v: Slots<'at' | 'actor'>) => db.insertInto('audit_log').values({ at: v.at, actor: v.actor }));
 *   db.executeQuery(insert.bind({ at: 1, actor: 'lead1' }));
 *
 * A stand-in that does not come out of the compiler as a parameter of its own (a value kysely wrote into
 * the SQL, or changed on the way) would bind wrongly, so the template refuses to be made then.
 */
import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from 'kysely';

/** The values a template's builder may use: each property stands for the value bound under its name. */
export type Slots<K extends string> = { readonly [P in K]: never };

const STAND_IN = '\u0000slot:';

/** One parameter of the compiled statement: a fixed value written in the builder, or a named slot. */
type Parameter<K extends string> = { slot: K } | { fixed: unknown };

export class StatementTemplate<K extends string, R = unknown> {
  private readonly params: readonly Parameter<K>[];

  constructor(private readonly compiled: CompiledQuery<R>) {
    this.params = compiled.parameters.map((p) => (typeof p === 'string' && p.startsWith(STAND_IN) ? { slot: p.slice(STAND_IN.length) as K } : { fixed: p }));
  }

  /** The compiled statement with these values (every slot the builder used must be given). */
  bind(values: { readonly [P in K]: unknown }): CompiledQuery<R> {
    const parameters = this.params.map((p) => {
      if (!('slot' in p)) return p.fixed;
      const v = values[p.slot];
      if (v === undefined) throw new Error(`statement template: no value for "${p.slot}"`);
      return v;
    });
    return { ...this.compiled, parameters, queryId: createQueryId() };
  }
}

/** Builds the template: runs the builder with stand-ins and checks each came out as a parameter. */
export function compileTemplate<K extends string, R>(build: (v: Slots<K>) => Compilable<R>): StatementTemplate<K, R> {
  const used = new Set<string>();
  const slots = new Proxy({} as Slots<K>, {
    get: (_t, name) => {
      if (typeof name !== 'string') return undefined;
      used.add(name);
      return `${STAND_IN}${name}`;
    },
  });
  const compiled = build(slots).compile();
  for (const name of used) {
    const stand = `${STAND_IN}${name}`;
    if (!compiled.parameters.includes(stand)) throw new Error(`statement template: "${name}" did not come out as a parameter`);
    if (compiled.sql.includes(stand)) throw new Error(`statement template: "${name}" was written into the SQL`);
  }
  return new StatementTemplate<K, R>(compiled);
}

/** What is made per query layer (its dialect and plugins decide the SQL), then per name. */
const cache = new WeakMap<object, Map<string, unknown>>();

/** `make()`'s result for this query layer and name, made on first use (templates, or a set of them). */
export function perQueryLayer<T>(db: Kysely<any>, name: string, make: () => T): T {
  let byName = cache.get(db);
  if (!byName) cache.set(db, (byName = new Map()));
  if (!byName.has(name)) byName.set(name, make());
  return byName.get(name) as T;
}

/**
 * The template `name` for this query layer, made on first use. The name must say everything that
 * changes the statement's shape (which columns, which clauses); values go through slots.
 */
export function statementTemplate<K extends string, R = unknown>(db: Kysely<any>, name: string, build: (v: Slots<K>) => Compilable<R>): StatementTemplate<K, R> {
  return perQueryLayer(db, name, () => compileTemplate(build));
}

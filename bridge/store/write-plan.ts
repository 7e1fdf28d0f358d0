/**
 * A write as statements compiled ahead of time. The same plan runs two ways: one statement at a time on
 * a kysely connection (PostgreSQL, or a direct Store call), or, for a write-behind batch on SQLite, as
 * one script the SQLite thread runs in a single transaction (sqlite-worker.mjs): one message to the
 * thread per batch instead of one per statement, each of which woke the thread and then the bridge.
 *
 * Writes decide nothing from what they read back, except whether their first statement changed a row
 * (an `insert … on conflict do nothing` that created the row): a later statement can run only then, or
 * only otherwise.
 */
import type { CompiledQuery, Kysely } from 'kysely';

/** When a planned statement runs, judged by the plan's first statement. */
export type StatementCondition = 'if-first-changed' | 'unless-first-changed';

export interface PlannedStatement {
  query: CompiledQuery;
  only?: StatementCondition;
}

export type WritePlan = readonly PlannedStatement[];

/** Whether a statement with this condition runs, given what the plan's first statement did. */
export function statementRuns(only: StatementCondition | undefined, firstChanged: boolean): boolean {
  return only === undefined || (only === 'if-first-changed') === firstChanged;
}

/** Runs a plan on a connection or transaction, statement by statement. */
export async function runPlan(db: Kysely<any>, plan: WritePlan): Promise<void> {
  let firstChanged = false;
  for (const [i, step] of plan.entries()) {
    if (i > 0 && !statementRuns(step.only, firstChanged)) continue;
    const r = await db.executeQuery(step.query);
    if (i === 0) firstChanged = Number(r.numAffectedRows ?? 0n) > 0;
  }
}

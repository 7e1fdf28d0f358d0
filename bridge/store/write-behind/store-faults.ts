/**
 * Which store errors mean "the store is unavailable right now" (retry the same write later, forever)
 * rather than "this write is wrong" (retry a few times, then set it aside). SQLite codes come from the
 * worker; PostgreSQL SQLSTATE classes 08 (connection), 53 (resources), 57 (operator intervention),
 * serialisation failures, read-only transactions; Node socket errors; timeouts.
 */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|READONLY|IOERR|FULL|CANTOPEN|PROTOCOL|NOLFS|WORKER_GONE|CLOSED)/;
const PG_UNAVAILABLE = /^(08|53|57|58)|^40001$|^40P01$|^25006$/;
const NET_UNAVAILABLE = /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN)$/;

export function isStoreUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (SQLITE_UNAVAILABLE.test(code) || PG_UNAVAILABLE.test(code) || NET_UNAVAILABLE.test(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /timeout|timed out|terminated|connection|closed|database is locked|readonly database/i.test(message);
}

/**
 * A dependency (database, Redis) the bridge cannot start without is not reachable. The message names
 * where it looked and how long it waited; `npm start` prints it without a stack trace and exits 1.
 */
export class DependencyUnavailableError extends Error {
  override name = 'DependencyUnavailableError';
}

/** Redis was required (config hub.redisRequired) and could not be reached at start-up. */
export class RedisUnavailableError extends DependencyUnavailableError {
  override name = 'RedisUnavailableError';
}

/** A URL fit for logs and /healthz: the password replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable URL)';
  }
}

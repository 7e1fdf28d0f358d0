/** REST login: POST /api/auth/login {userId, password} → {token, user}. The token lives for this tab only. */
import type { DesktopUser, Role } from './types.js';

/** Why a session ended without the person logging out here: shown on the login form. */
export type SessionEndedReason = 'expired' | 'revoked' | 'logout' | 'unknown';

/** The hub's / REST's reason (unknown, expired, revoked, logout, missing …) as the login form words it. */
export function sessionEndedReason(raw: unknown): SessionEndedReason {
  return raw === 'expired' || raw === 'revoked' || raw === 'logout' ? raw : 'unknown';
}

export interface Session {
  token: string;
  user: DesktopUser;
}

const KEY = 'hotline.session';

export class LoginError extends Error {
  constructor(
    public readonly kind: 'credentials' | 'rate-limited' | 'unreachable',
    message: string,
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

function isRole(x: unknown): x is Role {
  return x === 'agent' || x === 'lead' || x === 'admin';
}

/** The answer is checked before use: the SPA trusts the shape of nothing it did not build. */
function parseSession(body: unknown): Session | null {
  const b = body as { token?: unknown; user?: { id?: unknown; name?: unknown; role?: unknown } } | null;
  if (!b || typeof b.token !== 'string' || !b.user || typeof b.user.id !== 'string' || !isRole(b.user.role)) return null;
  return { token: b.token, user: { id: b.user.id, name: typeof b.user.name === 'string' ? b.user.name : b.user.id, role: b.user.role } };
}

export async function login(userId: string, password: string, fetchImpl: typeof fetch = fetch): Promise<Session> {
  let res: Response;
  try {
    res = await fetchImpl('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId, password }),
    });
  } catch {
    throw new LoginError('unreachable', 'unreachable');
  }
  if (res.status === 429) throw new LoginError('rate-limited', 'rate-limited');
  if (!res.ok) throw new LoginError('credentials', 'credentials');
  const session = parseSession(await res.json().catch(() => null));
  if (!session) throw new LoginError('unreachable', 'unexpected answer');
  return session;
}

export async function logout(token: string, fetchImpl: typeof fetch = fetch): Promise<void> {
  await fetchImpl('/api/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).catch(() => undefined);
}

export function savedSession(): Session | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(KEY);
    return raw ? parseSession(JSON.parse(raw)) : null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session | null): void {
  try {
    if (s) globalThis.sessionStorage?.setItem(KEY, JSON.stringify(s));
    else globalThis.sessionStorage?.removeItem(KEY);
  } catch {
    // storage disabled: the session lasts until reload
  }
}

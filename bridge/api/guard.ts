import type { RequestHandler } from 'express';

export type Role = 'agent' | 'lead' | 'admin';

/**
 * Builds middleware that lets a request through only with a valid session of one of `roles`.
 * The auth module provides the implementation; routes take it as a parameter so they can be tested
 * with the real one and stay independent of how sessions are stored.
 */
export type Guard = (...roles: Role[]) => RequestHandler;

/** Who the guard let through (set on `res.locals.user`). */
export interface AuthedUser {
  id: string;
  role: Role;
  name?: string;
}

/**
 * Who may log in to the desktop: every configured seat (role agent, user id = seat id) and the
 * configured `users` (shift leads, administrators). Built once from the validated config.
 */
import type { HotlineConfig } from '../config/schema.js';
import type { HubUser, Role } from '../hub/events.js';

export interface DirectoryUser extends HubUser {
  /** scrypt hash (see password-hash.ts); absent = the lab seed password. */
  passwordHash?: string;
}

export type { Role };

export function usersFromConfig(config: Pick<HotlineConfig, 'seats' | 'users'>): Map<string, DirectoryUser> {
  const users = new Map<string, DirectoryUser>();
  for (const s of config.seats) {
    users.set(s.id, { id: s.id, name: s.name, role: 'agent', seatId: s.id, ...(s.passwordHash ? { passwordHash: s.passwordHash } : {}) });
  }
  for (const u of config.users) {
    // The config schema refuses this at start (users[i].id); kept for configs built in code.
    if (users.has(u.id)) throw new Error(`user id "${u.id}" is both a seat and a user; ids must be unique`);
    users.set(u.id, { id: u.id, name: u.name, role: u.role, ...(u.passwordHash ? { passwordHash: u.passwordHash } : {}) });
  }
  return users;
}

/** The public face of a user (never the hash). */
export function publicUser(u: DirectoryUser): HubUser {
  return { id: u.id, name: u.name, role: u.role, ...(u.seatId ? { seatId: u.seatId } : {}) };
}

/** Display names of the people who act (seats and desktop users), so the audit reads "王丽（值班长）", not "lead1". */
import type { HotlineConfig } from '../config/schema.js';
import type { AuditEntry } from '../calls/call-center-api.js';

export function actorNames(config: Pick<HotlineConfig, 'seats' | 'users'>): Record<string, string> {
  const names: Record<string, string> = {};
  for (const s of config.seats) names[s.id] = s.name;
  for (const u of config.users) names[u.id] = u.name;
  return names;
}

export function withActorName<E extends AuditEntry>(e: E, names: Readonly<Record<string, string>>): E {
  const name = Object.hasOwn(names, e.actor) ? names[e.actor] : undefined;
  return name ? { ...e, actorName: name } : e;
}

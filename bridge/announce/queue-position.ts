/** A waiting caller's place in its group (language × desk), 1 = served next. Pure. */
import type { AcdCall } from '../acd/acd-types.js';
import { callBefore } from '../acd/queue-index.js';

/** The group a call is counted and timed in: the same key the wallboard groups waiting calls by. */
export function queueGroup(call: Pick<AcdCall, 'target'>): string {
  return `${call.target.language}|${call.target.desk}`;
}

export function queuePosition(waiting: Iterable<Readonly<AcdCall>>, call: Readonly<AcdCall>): number {
  const group = queueGroup(call);
  let ahead = 0;
  for (const other of waiting) if (other.id !== call.id && queueGroup(other) === group && callBefore(other, call)) ahead++;
  return ahead + 1;
}

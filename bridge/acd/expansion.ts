/** Expansion steps over wait time (per desk, like mod_callcenter tier rules / Connect routing steps). */
import type { ExpansionStep } from '../domain/types.js';

/** How many steps have passed for a call queued since `queuedSince`. */
export function expansionLevelAt(steps: readonly ExpansionStep[], queuedSince: number, now: number): number {
  let level = 0;
  while (level < steps.length && queuedSince + steps[level]!.afterSeconds * 1000 <= now) level++;
  return level;
}

/** When the next step after `level` falls due, or null when fully widened. */
export function nextExpansionAt(steps: readonly ExpansionStep[], queuedSince: number, level: number): number | null {
  const step = steps[level];
  return step ? queuedSince + step.afterSeconds * 1000 : null;
}

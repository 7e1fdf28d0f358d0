/**
 * Bucket keys shared by waiting calls and available seats. A seat can take a call exactly when one key of
 * the call (at its expansion level) is among the seat's keys, so both sides look each other up through a
 * handful of keys instead of scanning:
 *
 *   `L|D`   speaks L and sits on desk D          `*|D`  sits on desk D (preferred-language calls)
 *   `L|*`   speaks L, any desk (any-desk step)   `interp`  flagged interpreter   `*|*`  any seat
 */
import type { DeskId, ExpansionStep, Language, RoutingTarget, SeatSpec } from '../domain/types.js';
import type { AcdSurge } from './acd-types.js';

export const ANY = '*';
export const INTERP_KEY = 'interp';
export const bucketKey = (lang: Language | typeof ANY, desk: DeskId | typeof ANY): string => `${lang}|${desk}`;

/** Desk a call's desk is served by under the surge preset (folded desks go to the preset's desk). */
export function effectiveDesk(desk: DeskId, surge: AcdSurge | null): DeskId {
  return surge && surge.foldDesks.includes(desk) ? surge.intoDesk : desk;
}

/** Keys a seat serves. Seats of a reserved desk serve only that desk and are never widened into. */
export function seatKeys(spec: SeatSpec, surge: AcdSurge | null): string[] {
  const reserved = surge ? spec.desks.filter((d) => surge.reserveDesks.includes(d)) : [];
  const desks = reserved.length > 0 ? reserved : [...new Set(spec.desks.map((d) => effectiveDesk(d, surge)))];
  const keys: string[] = [];
  for (const d of desks) {
    for (const l of spec.languages) keys.push(bucketKey(l, d));
    keys.push(bucketKey(ANY, d));
  }
  if (reserved.length === 0) {
    for (const l of spec.languages) keys.push(bucketKey(l, ANY));
    if (spec.interpreter) keys.push(INTERP_KEY);
    keys.push(bucketKey(ANY, ANY));
  }
  return keys;
}

function widenKey(target: RoutingTarget, step: ExpansionStep): string {
  switch (step.widen) {
    case 'any-desk':
      return bucketKey(target.language, ANY);
    case 'interpreter':
      return INTERP_KEY;
    case 'any-seat':
      return bucketKey(ANY, ANY);
  }
}

/** Keys a waiting call is indexed under at `level` (how many expansion steps have passed). */
export function callBucketKeys(target: RoutingTarget, level: number, steps: readonly ExpansionStep[], surge: AcdSurge | null): string[] {
  const desk = effectiveDesk(target.desk, surge);
  const keys = [target.languageStrength === 'required' ? bucketKey(target.language, desk) : bucketKey(ANY, desk)];
  for (const step of steps.slice(0, level)) keys.push(widenKey(target, step));
  return [...new Set(keys)];
}

/**
 * Keys to search for a seat, best first: the call's own desk before widened seats, and for a
 * preferred-language call the seats speaking that language before the rest of its desk (it takes such a
 * seat when one is free but never waits for one).
 */
export function callSearchOrder(target: RoutingTarget, level: number, steps: readonly ExpansionStep[], surge: AcdSurge | null): string[] {
  const desk = effectiveDesk(target.desk, surge);
  const keys = [bucketKey(target.language, desk)];
  if (target.languageStrength === 'preferred') keys.push(bucketKey(ANY, desk));
  for (const step of steps.slice(0, level)) keys.push(widenKey(target, step));
  return [...new Set(keys)];
}

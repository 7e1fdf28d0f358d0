/** Small builders for ACD tests: desks, seats, targets and a decision recorder. */
import assert from 'node:assert/strict';
import type { DeskSpec, Language, RoutingTarget, SeatSpec } from '../../../bridge/domain/types.js';
import type { AcdDecision } from '../../../bridge/acd/acd-types.js';

export function desk(id: string, extra: Partial<DeskSpec> = {}): DeskSpec {
  return { id, name: id, strategy: 'longest-idle', ringTimeoutSeconds: 15, homeRingTimeoutSeconds: 30, wrapUpSeconds: 10, expansion: [], ...extra };
}

export function seat(id: string, languages: Language[], desks: string[], extra: Partial<SeatSpec> = {}): SeatSpec {
  return { id, name: id, languages, desks, officeContact: `sip:${id}@office`, ...extra };
}

export function target(language: Language, deskId: string, extra: Partial<RoutingTarget> = {}): RoutingTarget {
  return { language, languageStrength: 'required', desk: deskId, priority: 0, reasons: [], ...extra };
}

export const offers = (ds: AcdDecision[]) =>
  ds.filter((d): d is Extract<AcdDecision, { kind: 'offer' }> => d.kind === 'offer').map((d) => `${d.callId}→${d.seatId}`);

export const kinds = (ds: AcdDecision[]) => ds.map((d) => d.kind);

/** Assert that `actual` has at least these fields with these values. */
export function has(actual: unknown, fields: Record<string, unknown>): void {
  assert.ok(actual && typeof actual === 'object', `expected an object, got ${String(actual)}`);
  const picked = Object.fromEntries(Object.keys(fields).map((k) => [k, (actual as Record<string, unknown>)[k]]));
  assert.deepEqual(picked, fields);
}

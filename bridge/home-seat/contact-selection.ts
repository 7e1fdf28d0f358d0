/**
 * Which contact an offer rings: the office desk phone, or — in home mode (centre-wide or per-seat override)
 * — the agent's home softphone / mobile. A seat with no home contact in home mode has nothing to ring and
 * is skipped by the ACD rather than offered a call nobody can answer.
 */
import type { ContactMode } from '../domain/types.js';
import type { CentreMode, DeskSpec, SeatSpec } from '../domain/types.js';

export function effectiveMode(centre: CentreMode, override: CentreMode | null | undefined): CentreMode {
  return override ?? centre;
}

/** The contact to ring in `mode`, or null when the seat has none for it. */
export function selectContact(seat: SeatSpec, mode: CentreMode): { contactMode: ContactMode; contact: string } | null {
  if (mode === 'office') return { contactMode: 'office', contact: seat.officeContact };
  return seat.homeContact ? { contactMode: 'home', contact: seat.homeContact } : null;
}

/** Home contacts (softphone over the internet, mobile through a gateway) get the desk's longer ring time. */
export function ringTimeoutMs(desk: DeskSpec, contactMode: ContactMode): number {
  return (contactMode === 'home' ? desk.homeRingTimeoutSeconds : desk.ringTimeoutSeconds) * 1000;
}

const SIP_URI = /^sips?:(?:[^@\s<>"]+@)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?(?:;[^\s<>"]*)?$/;
const PHONE = /^\+?[0-9]{5,20}$/;

/** Why a contact looks unusable, or null when it looks fine. */
export function contactProblem(contact: string): string | null {
  if (PHONE.test(contact)) return null;
  if (!/^sips?:/.test(contact)) return 'not a SIP URI or phone number';
  if (!SIP_URI.test(contact)) return 'malformed SIP URI';
  const port = /:(\d{1,5})(?:;|$)/.exec(contact.replace(/^sips?:/, ''))?.[1];
  if (port && Number(port) > 65535) return 'port out of range';
  return null;
}

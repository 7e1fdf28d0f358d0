/**
 * The pre-flight a shift lead sees before switching: which seats would have nothing to ring in the target
 * mode, and which contacts look unusable (malformed, or the last offer to them was unreachable).
 */
import type { PreflightReport } from '../calls/call-center-api.js';
import type { CentreMode, SeatId, SeatSpec } from '../domain/types.js';
import { contactProblem, effectiveMode, selectContact } from './contact-selection.js';

export interface PreflightInput {
  seats: readonly SeatSpec[];
  targetMode: CentreMode;
  overrides: ReadonlyMap<SeatId, CentreMode>;
  /** Contacts whose last offer failed as unreachable, with when. */
  unreachable: ReadonlyMap<string, number>;
}

export function buildPreflight({ seats, targetMode, overrides, unreachable }: PreflightInput): PreflightReport {
  const report: PreflightReport = { targetMode, seatsTotal: seats.length, noHomeContact: [], unreachable: [], ready: 0 };
  for (const seat of seats) {
    const chosen = selectContact(seat, effectiveMode(targetMode, overrides.get(seat.id)));
    if (!chosen) {
      report.noHomeContact.push({ seatId: seat.id, name: seat.name });
      continue;
    }
    const problem = contactProblem(chosen.contact);
    const failedAt = unreachable.get(chosen.contact);
    if (problem) report.unreachable.push({ seatId: seat.id, name: seat.name, why: `${chosen.contactMode} contact: ${problem}` });
    else if (failedAt !== undefined)
      report.unreachable.push({ seatId: seat.id, name: seat.name, why: `${chosen.contactMode} contact unreachable at ${new Date(failedAt).toISOString()}` });
    else report.ready++;
  }
  return report;
}

/**
 * What the pop of a re-offered call says about its transfer: which seat handed it on, and where to (a desk
 * or a language), so the agent knows why it rings them — the caller has already explained once.
 */
import type { CallView } from '../calls/call-center-api.js';
import type { HotlineConfig } from '../config/schema.js';
import type { ScreenPop } from '../history/history-ports.js';

export function transferNote(call: CallView, config: Pick<HotlineConfig, 'seats'>): ScreenPop['transferredFrom'] {
  const t = call.lastTransfer;
  // Only transfers back into the queue come back as offers (a transfer out leaves the centre).
  if (!t || t.to.kind === 'external') return undefined;
  const seatName = config.seats.find((s) => s.id === t.by)?.name ?? '';
  return { seatId: t.by, seatName, to: t.to, at: t.at };
}

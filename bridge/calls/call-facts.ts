/**
 * The facts a successor bridge needs to take a call over (TelephonyPort.annotate): kept on the switch
 * at every change that matters for a take-over — queued, offered, answered, held, resumed, re-queued,
 * language corrected, adopted — so the last one written says where the call stood.
 */
import type { CallFacts } from '../../telephony/telephony-port.js';
import { CallState, type CallEventKind } from './call-center-api.js';
import type { CallRecords, CoreAccess } from './call-center-context.js';

export const ANNOTATED_KINDS: ReadonlySet<CallEventKind> = new Set<CallEventKind>(['queued', 'offered', 'answered', 'held', 'resumed', 'requeued', 'language-corrected', 'adopted']);

const STATES: Partial<Record<CallState, CallFacts['state']>> = {
  [CallState.Queued]: 'waiting',
  [CallState.Offering]: 'offered',
  [CallState.Connected]: 'connected',
  [CallState.Held]: 'held',
};

/** The call's facts now, or undefined when it is not at a place a successor could take over. */
export function factsOf(ctx: Pick<CoreAccess, 'acd'> & CallRecords, callId: string): CallFacts | undefined {
  const q = ctx.acd.call(callId);
  const rec = ctx.calls.get(callId);
  const state = q ? STATES[q.state] : undefined;
  if (!q || !rec || !state) return undefined;
  const facts: CallFacts = {
    state,
    arrivedAt: q.arrivedAt,
    priority: q.target.priority,
    language: q.target.language,
    languageStrength: q.target.languageStrength,
    desk: q.target.desk,
    didLabel: rec.didLabel,
    reasons: q.target.reasons.map((r) => ({ source: r.source, text: r.text })), // worded in Chinese after a take-over
    transfers: rec.transfers,
  };
  if (q.seatId) facts.seatId = q.seatId;
  if (q.contactMode) facts.contactMode = q.contactMode;
  if (rec.answeredAt !== undefined) facts.answeredAt = rec.answeredAt;
  return facts;
}

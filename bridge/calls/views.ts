/** Seat and wallboard views built from the core's live state. */
import type { AcdSeat } from '../acd/acd-types.js';
import { SeatState, type SeatView, type WallboardView, type WaitingGroup } from './call-center-api.js';
import type { CallCenterContext } from './call-center-context.js';

type ViewDeps = Pick<CallCenterContext, 'acd' | 'home' | 'attendance' | 'stats'>;

export function seatView(ctx: Pick<ViewDeps, 'home' | 'attendance'>, seat: Readonly<AcdSeat>): SeatView {
  const spec = seat.spec;
  const view: SeatView = {
    id: spec.id,
    name: spec.name,
    languages: [...spec.languages],
    desks: [...spec.desks],
    state: seat.state,
    stateSince: seat.since,
    contactMode: ctx.home.seatMode(spec.id),
    modeOverride: ctx.home.override(spec.id),
    hasHomeContact: !!spec.homeContact,
    attended: ctx.attendance.has(spec.id),
    callsHandled: seat.callsHandled,
    talkTimeMs: seat.talkTimeMs,
    missedOffers: seat.missedOffers,
  };
  if (seat.state === SeatState.NotReady && seat.reason) view.notReadyReason = seat.reason;
  const callId = seat.callId ?? (seat.state === SeatState.WrapUp ? seat.lastCallId : undefined);
  if (callId) view.callId = callId;
  if (seat.state === SeatState.WrapUp && seat.wrapUpEndsAt !== undefined) view.wrapUpEndsAt = seat.wrapUpEndsAt;
  return view;
}

export function wallboardView(ctx: ViewDeps, now: number): Omit<WallboardView, 'drain'> {
  const groups = new Map<string, WaitingGroup>();
  let longest = 0;
  for (const call of ctx.acd.waitingCalls()) {
    const key = `${call.target.language}|${call.target.desk}`;
    const waited = Math.max(0, Math.round((now - call.arrivedAt) / 1000));
    longest = Math.max(longest, waited);
    const g = groups.get(key);
    if (g) {
      g.count++;
      g.longestWaitSeconds = Math.max(g.longestWaitSeconds, waited);
    } else groups.set(key, { language: call.target.language, desk: call.target.desk, count: 1, longestWaitSeconds: waited });
  }
  const seatsByState = Object.fromEntries(Object.values(SeatState).map((s) => [s, 0])) as Record<SeatState, number>;
  for (const seat of ctx.acd.seats()) seatsByState[seat.state]++;
  const centre = ctx.home.centre();
  return {
    at: now,
    centreMode: centre.mode,
    activePreset: centre.preset,
    waiting: [...groups.values()].sort((a, b) => b.longestWaitSeconds - a.longestWaitSeconds || a.desk.localeCompare(b.desk)),
    waitingTotal: ctx.acd.waitingCount,
    longestWaitSeconds: longest,
    seatsByState,
    ...ctx.stats.figures(now),
  };
}

/** Seat and wallboard views built from the core's live state. */
import type { AcdSeat } from '../acd/acd-types.js';
import { whyWaiting, type WhyWaiting } from '../acd/why-waiting.js';
import type { HotlineConfig } from '../config/schema.js';
import type { DeskId } from '../domain/types.js';
import { applySchedule, isDeskOpen } from '../routing/schedule.js';
import { SeatState, type SeatView, type WallboardView, type WaitingGroup } from './call-center-api.js';
import type { CallCenterContext } from './call-center-context.js';

type ViewDeps = Pick<CallCenterContext, 'acd' | 'home' | 'attendance' | 'stats' | 'service'> & { config: HotlineConfig };

/** Desks outside their schedule now, and the desk their calls go to instead. */
function closedDesks(config: HotlineConfig, now: number): Map<DeskId, DeskId> {
  const closed = new Map<DeskId, DeskId>();
  for (const d of config.desks)
    if (d.schedule && !isDeskOpen(d, now)) closed.set(d.id, applySchedule(config, d.id, now).desk);
  return closed;
}

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
  const groups = new Map<string, Omit<WaitingGroup, 'why'>>();
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
  const service = ctx.service.view(now);
  const why = whyWaiting({
    calls: ctx.acd.waitingCalls(),
    seats: ctx.acd.seats(),
    desk: (id) => ctx.acd.desk(id),
    surge: ctx.acd.activeSurge(),
    closedDesks: closedDesks(ctx.config, now),
    now,
  });
  const noReason: WhyWaiting = { reason: { kind: 'no-seat' }, eligible: { total: 0, loggedIn: 0, free: 0, notReady: 0 }, next: null, handedOverFrom: [] };
  const waiting: WaitingGroup[] = [...groups].map(([key, g]) => ({ ...g, why: why.get(key) ?? noReason }));
  return {
    at: now,
    centreMode: centre.mode,
    activePreset: centre.preset,
    waiting: waiting.sort((a, b) => b.longestWaitSeconds - a.longestWaitSeconds || a.desk.localeCompare(b.desk)),
    waitingTotal: ctx.acd.waitingCount,
    longestWaitSeconds: longest,
    seatsByState,
    ...ctx.stats.figures(now),
    // The headline shares are today's service level, so the tiles and the table never disagree.
    answerRate: service.windows.today.connectedShare ?? 0,
    serviceLevel: service.windows.today.answeredWithinShare ?? 0,
    service,
  };
}

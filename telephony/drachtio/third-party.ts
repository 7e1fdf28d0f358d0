/**
 * Legs to people outside the centre: a blind transfer to 110/119/120 or any external number (a new
 * outbound leg through the gateway, bridged to the caller, then the seat is released), and a
 * three-way call (window staff, interpreter) where caller, seat and third party meet in a
 * FreeSWITCH conference. The new leg is set up while the call goes on; if it cannot be reached the
 * call stays exactly as it was and the bridge hears third-party-failed.
 */
import type { AdapterContext } from './adapter-context.js';
import { CallPhase, type CallSession, type MediaLeg } from './call-session.js';
import { sipStatusOf } from './library-types.js';
import { releaseLeg, soundCut } from './media-control.js';
import { digitsOnly, quotedSafe } from './sip-text.js';

const DESTINATION = /^\+?[0-9]{2,20}$/;

async function dialOut(ctx: AdapterContext, s: CallSession, destination: string): Promise<MediaLeg> {
  const ms = ctx.media();
  if (!ms) throw Object.assign(new Error('media server unreachable'), { status: 503 });
  const ep = await ms.createEndpoint();
  ctx.track(ep, s, 'third-party');
  let invite: { cancel(cb?: (err: unknown) => void): void } | undefined;
  const timer = ctx.clock.setTimeout(() => invite?.cancel(() => undefined), ctx.cfg.thirdPartyRingMs);
  try {
    const dialog = await ctx.srf.createUAC(
      ctx.cfg.outboundGateway.replace('{number}', destination),
      {
        localSdp: ep.local.sdp,
        callingNumber: digitsOnly(s.call.callerNumber) || 'anonymous',
        callingName: quotedSafe(s.call.callerDisplayName, ctx.cfg.displayNameMax) || undefined,
      },
      { cbRequest: (_err, req) => (invite = req) },
    );
    timer.cancel();
    if (!s.active) {
      dialog.destroy().catch(() => undefined);
      ctx.releaseEndpoint(ep);
      throw new Error('call ended while dialling out');
    }
    await ep.modify(dialog.remote.sdp);
    return { ep, dialog };
  } catch (err) {
    timer.cancel();
    ctx.releaseEndpoint(ep);
    throw err;
  }
}

function failed(ctx: AdapterContext, s: CallSession, destination: string, err: unknown): void {
  const sipStatus = sipStatusOf(err);
  s.log.warn({ destination, sipStatus, err: sipStatus ? undefined : String(err) }, 'third party not reached');
  if (!s.active) return;
  ctx.emit({ type: 'third-party-failed', callId: s.callId, destination, ...(sipStatus !== undefined ? { sipStatus } : {}) });
}

export async function transferOut(ctx: AdapterContext, s: CallSession, destination: string): Promise<void> {
  const dest = destination.trim();
  if (!DESTINATION.test(dest)) return failed(ctx, s, destination.replace(/[\r\n]/g, ''), new Error('not a dialable number'));
  let leg: MediaLeg;
  try {
    leg = await dialOut(ctx, s, dest);
  } catch (err) {
    return failed(ctx, s, dest, err);
  }
  const caller = s.callerEp;
  if (!caller || !s.active) {
    releaseLeg(ctx, leg);
    return;
  }
  // Park caller and seat first, so hanging the seat up cannot take the caller's media with it.
  if (s.phase === CallPhase.Connected) await caller.unbridge();
  else if (s.phase === CallPhase.Conference) await caller.api('uuid_transfer', [caller.uuid, 'park', 'inline']);
  await caller.bridge(leg.ep);
  soundCut(s);
  const seat = s.seat;
  s.seat = undefined;
  if (seat) releaseLeg(ctx, seat);
  for (const other of s.thirdParties.splice(0)) releaseLeg(ctx, other);
  for (const offer of s.ringingOffers()) offer.abort('cancelled', true);
  s.thirdParties.push(leg);
  s.to(CallPhase.Detached);
  s.log.info({ destination: dest }, 'transferred out');
  // The centre's part is over; the legs stay up until either end hangs up.
  s.reportedEnded = true;
  ctx.emit({ type: 'call-ended', callId: s.callId, reason: 'transferred-out' });
  leg.dialog.on('destroy', () => ctx.endCall(s, 'transferred-out'));
}

export async function conference(ctx: AdapterContext, s: CallSession, destination: string): Promise<void> {
  const dest = destination.trim();
  if (!DESTINATION.test(dest)) return failed(ctx, s, destination.replace(/[\r\n]/g, ''), new Error('not a dialable number'));
  if (!s.seat || (s.phase !== CallPhase.Connected && s.phase !== CallPhase.Conference)) {
    return failed(ctx, s, dest, new Error('three-way needs a connected call'));
  }
  let leg: MediaLeg;
  try {
    leg = await dialOut(ctx, s, dest);
  } catch (err) {
    return failed(ctx, s, dest, err);
  }
  const caller = s.callerEp;
  const seat = s.seat;
  if (!caller || !seat || !s.active) {
    releaseLeg(ctx, leg);
    return;
  }
  const name = s.conferenceName ?? `tw-${s.callId}`;
  const joins: Array<Promise<unknown>> = [leg.ep.join(name)];
  if (s.phase === CallPhase.Connected) {
    await caller.unbridge();
    joins.push(caller.join(name), seat.ep.join(name));
  }
  await Promise.all(joins);
  s.conferenceName = name;
  s.thirdParties.push(leg);
  s.to(CallPhase.Conference);
  s.log.info({ destination: dest, conference: name }, 'three-way call');
  leg.dialog.on('destroy', () => {
    // The interpreter / window staff left; caller and agent stay together.
    const i = s.thirdParties.indexOf(leg);
    if (i >= 0) s.thirdParties.splice(i, 1);
    ctx.releaseEndpoint(leg.ep);
  });
}

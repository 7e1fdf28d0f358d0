/**
 * Legs to people outside the centre: a blind transfer to 110/119/120 or any external number (a new
 * outbound leg through the gateway, bridged to the caller, then the seat is released), and a
 * three-way call (window staff, interpreter) where caller, seat and third party meet in a
 * FreeSWITCH conference.
 *
 * The command returns once the new leg is being dialled; the rest runs in the background, each wait
 * with a deadline (the ring with `thirdPartyRingMs`, then `cancelSettleMs` for the CANCEL's answer).
 * If the party cannot be reached, or FreeSWITCH refuses a step, the leg is hung up, the call is put
 * back exactly as it was and the bridge hears third-party-failed. An overdue FreeSWITCH reply on the
 * caller's or seat's endpoint ends the call (media-failure): its state is unknown.
 */
import { TelephonyCommandError } from '../command-failure.js';
import { DETACHED_VAR } from './call-annotations.js';
import type { AdapterContext } from './adapter-context.js';
import { CallPhase, type CallSession, type MediaLeg } from './call-session.js';
import { CallGone } from './deadline.js';
import { newEndpoint, takePhoneAnswer } from './endpoints.js';
import { ringLeg } from './ring-leg.js';
import { sipStatusOf, type EndpointLike, type SrfDialog } from './library-types.js';
import { apiOk, callStep, dropSeat, releaseLeg, soundCut } from './media-control.js';
import { abortOffer } from './offer-seat.js';
import { digitsOnly, headerSafe, quotedSafe } from './sip-text.js';
import { CALL_ID_HEADER } from './tagged-channels.js';

const DESTINATION = /^\+?[0-9]{2,20}$/;
/** Which number each three-way leg dialled, so the agent can drop that party by its number. */
const dialled = new WeakMap<MediaLeg, string>();
/** Three-way parties still being dialled, per call: the agent may drop one before it answers. */
const dialling = new WeakMap<CallSession, Map<string, () => void>>();

/** The agent dropped the party while it was still being dialled: not a failure to report. */
class DroppedByAgent extends Error {
  override readonly name = 'DroppedByAgent';
}
const TALKING = [CallPhase.Connected, CallPhase.Held, CallPhase.Conference];

function dialable(s: CallSession, command: string, destination: string): string {
  const dest = destination.trim();
  if (!DESTINATION.test(dest)) throw new TelephonyCommandError('invalid-input', command, 'not a dialable number', s.callId);
  return dest;
}

/** Rings the party on the third-party endpoint; resolves with the answered dialog. */
function ringOut(ctx: AdapterContext, s: CallSession, ep: EndpointLike, destination: string, onDrop?: (drop: () => void) => void): Promise<SrfDialog> {
  const ringing = ringLeg(ctx, {
    uri: ctx.cfg.outboundGateway.replace('{number}', destination),
    ep,
    ringMs: ctx.cfg.thirdPartyRingMs,
    who: 'third party',
    callingNumber: digitsOnly(s.call.callerNumber) || 'anonymous',
    callingName: quotedSafe(s.call.callerDisplayName, ctx.cfg.displayNameMax) || undefined,
    headers: { [CALL_ID_HEADER]: headerSafe(s.callId, 64) },
  });
  void s.whenEnded.then(() => ringing.stop(new CallGone('dialling the third party')));
  onDrop?.(() => ringing.stop(new DroppedByAgent('the agent dropped the third party before it answered')));
  return ringing.answered;
}

/** Dial the party in the background; `connect` joins it to the call once it answers. */
function dialInBackground(
  ctx: AdapterContext,
  s: CallSession,
  ep: EndpointLike,
  destination: string,
  connect: (leg: MediaLeg) => Promise<void>,
  droppable = false,
): void {
  let dropped = false;
  let dropRing: (() => void) | undefined;
  const pending = droppable ? (dialling.get(s) ?? new Map<string, () => void>()) : undefined;
  if (pending) {
    dialling.set(s, pending);
    pending.set(destination, () => {
      dropped = true;
      dropRing?.();
    });
  }
  void (async () => {
    let leg: MediaLeg | undefined;
    try {
      const dialog = await ringOut(ctx, s, ep, destination, (drop) => (dropRing = drop));
      leg = { ep, dialog };
      await ctx.within(s, takePhoneAnswer(ep, dialog.remote.sdp), 'third-party endpoint takes the phone SDP');
      if (dropped) throw new DroppedByAgent('dropped while joining');
      await s.exclusive(() => connect(leg as MediaLeg));
      // Dropped while it was joining: out again at once.
      if (dropped) dropThirdParty(ctx, s, destination);
    } catch (err) {
      if (leg) releaseLeg(ctx, leg);
      else ctx.releaseEndpoint(ep);
      if (err instanceof CallGone || err instanceof DroppedByAgent || !s.active) return;
      failed(ctx, s, destination, err);
    } finally {
      pending?.delete(destination);
    }
  })();
}

function failed(ctx: AdapterContext, s: CallSession, destination: string, err: unknown): void {
  const sipStatus = sipStatusOf(err);
  s.log.warn({ destination, sipStatus, err: sipStatus ? undefined : String(err) }, 'third party not reached');
  if (!s.active) return;
  ctx.emit({ type: 'third-party-failed', callId: s.callId, destination, ...(sipStatus !== undefined ? { sipStatus } : {}) });
}

export async function transferOut(ctx: AdapterContext, s: CallSession, destination: string): Promise<void> {
  const dest = dialable(s, 'transferOut', destination);
  if (!TALKING.includes(s.phase)) throw new TelephonyCommandError('invalid-state', 'transferOut', `nobody to transfer: the call is ${s.phase}`, s.callId);
  const ep = await newEndpoint(ctx, s, 'third-party');
  dialInBackground(ctx, s, ep, dest, (leg) => connectTransfer(ctx, s, leg, dest));
}

async function connectTransfer(ctx: AdapterContext, s: CallSession, leg: MediaLeg, dest: string): Promise<void> {
  const caller = s.callerEp;
  if (!caller || !s.active) throw new CallGone('transfer');
  const from = s.phase;
  // Park caller and seat first, so hanging the seat up cannot take the caller's media with it.
  if (from === CallPhase.Connected) await callStep(ctx, s, caller.unbridge(), 'unbridging for the transfer');
  else if (from === CallPhase.Conference) await callStep(ctx, s, apiOk(s, caller, 'uuid_transfer', [caller.uuid, 'park', 'inline']), 'leaving the three-way');
  try {
    await callStep(ctx, s, caller.bridge(leg.ep), 'bridging the caller to the third party');
  } catch (err) {
    // callStep ended the call if the caller's socket went silent; otherwise put it back as it was.
    if (s.active) await restore(ctx, s, from);
    throw err;
  }
  soundCut(s);
  dropSeat(ctx, s);
  for (const offer of s.ringingOffers()) abortOffer(ctx, s, offer, 'cancelled', true);
  s.thirdParties.push(leg);
  s.to(CallPhase.Detached);
  ctx.note(s, DETACHED_VAR, '1');
  s.log.info({ destination: dest }, 'transferred out');
  // The centre's part is over; the legs stay up until either end hangs up.
  s.reportedEnded = true;
  ctx.emit({ type: 'call-ended', callId: s.callId, reason: 'transferred-out' });
  leg.dialog.on('destroy', ctx.shield(s, 'third party BYE', () => ctx.endCall(s, 'transferred-out')));
  if (!leg.dialog.connected) ctx.endCall(s, 'transferred-out');
}

/** Put the caller back where a failed transfer / three-way took them from. */
async function restore(ctx: AdapterContext, s: CallSession, from: CallPhase): Promise<void> {
  const caller = s.callerEp;
  const seat = s.seat;
  if (!caller || !seat) return;
  if (from === CallPhase.Connected) await callStep(ctx, s, caller.bridge(seat.ep), 'restoring the bridge');
  else if (from === CallPhase.Conference && s.conferenceName) await callStep(ctx, s, caller.join(s.conferenceName), 'rejoining the three-way');
}

export async function conference(ctx: AdapterContext, s: CallSession, destination: string): Promise<void> {
  const dest = dialable(s, 'conference', destination);
  if (!s.seat || !TALKING.includes(s.phase)) {
    throw new TelephonyCommandError('invalid-state', 'conference', `three-way needs a connected call; the call is ${s.phase}`, s.callId);
  }
  const ep = await newEndpoint(ctx, s, 'third-party');
  dialInBackground(ctx, s, ep, dest, (leg) => connectConference(ctx, s, leg, dest), true);
}

async function connectConference(ctx: AdapterContext, s: CallSession, leg: MediaLeg, dest: string): Promise<void> {
  const caller = s.callerEp;
  const seat = s.seat;
  if (!caller || !seat || !s.active) throw new CallGone('three-way');
  const name = s.conferenceName ?? `tw-${s.callId}`;
  const from = s.phase;
  const heldFromBridge = from === CallPhase.Held && s.heldFrom === CallPhase.Connected;
  if (from === CallPhase.Connected) await callStep(ctx, s, caller.unbridge(), 'unbridging for the three-way');
  try {
    const joins: Array<Promise<unknown>> = [ctx.within(s, leg.ep.join(name), 'third party joining')];
    if (from === CallPhase.Connected) joins.push(callStep(ctx, s, caller.join(name), 'caller joining'), callStep(ctx, s, seat.ep.join(name), 'seat joining'));
    if (heldFromBridge) joins.push(callStep(ctx, s, seat.ep.join(name), 'seat joining'));
    await Promise.all(joins);
  } catch (err) {
    // Only a call we unbridged needs putting back (in a running three-way nothing else moved);
    // callStep has ended the call instead if the caller's or seat's socket went silent.
    if (from === CallPhase.Connected && s.active) await restore(ctx, s, from);
    throw err;
  }
  s.conferenceName = name;
  s.thirdParties.push(leg);
  dialled.set(leg, dest);
  if (from === CallPhase.Held) s.heldFrom = CallPhase.Conference; // resume rejoins the three-way
  else s.to(CallPhase.Conference);
  s.log.info({ destination: dest, conference: name }, 'three-way call');
  const left = ctx.shield(s, 'third party BYE', () => {
    // The interpreter / window staff left; caller and agent stay together.
    const i = s.thirdParties.indexOf(leg);
    if (i >= 0) s.thirdParties.splice(i, 1);
    ctx.releaseEndpoint(leg.ep);
  });
  leg.dialog.on('destroy', left);
  if (!leg.dialog.connected) left();
}

/**
 * The agent drops the third party: its leg is hung up (BYE) and its endpoint freed. Caller and seat
 * stay in the conference, just the two of them — the same state as when the party hangs up itself —
 * so a held caller still resumes into it.
 */
export function dropThirdParty(ctx: AdapterContext, s: CallSession, destination: string): void {
  const dest = destination.trim();
  // Still ringing (or joining): stop dialling; the background dial releases what it holds.
  dialling.get(s)?.get(dest)?.();
  const leg = s.thirdParties.find((l) => dialled.get(l) === dest);
  if (!leg) return;
  s.thirdParties.splice(s.thirdParties.indexOf(leg), 1);
  releaseLeg(ctx, leg);
  s.log.info({ destination: dest }, 'third party dropped; caller and seat stay');
}

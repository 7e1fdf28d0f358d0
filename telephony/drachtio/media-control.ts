/**
 * What the caller hears and who they are connected to, on FreeSWITCH: music in their language while
 * waiting, ringback while a seat rings, hold (unbridge + music) and resume (re-bridge or rejoin the
 * three-way), and dropping the seat leg to send the caller back into the queue.
 */
import type { AdapterContext } from './adapter-context.js';
import { CallPhase, type CallSession, type MediaLeg } from './call-session.js';
import { stripLineBreaks } from './sip-text.js';

type Sound = 'music' | 'ringback';

const nowPlaying = new WeakMap<CallSession, string>();

/** Replace whatever the caller hears with looping music or ringback (uuid_break first: apps queue). */
export function playToCaller(ctx: AdapterContext, s: CallSession, sound: Sound): void {
  const ep = s.callerEp;
  if (!ep || !s.active) return;
  const file = stripLineBreaks(sound === 'music' ? ctx.musicFor(s.language) : ctx.cfg.ringbackTone);
  if (nowPlaying.get(s) === file) return;
  nowPlaying.set(s, file);
  void (async () => {
    try {
      await ep.api('uuid_break', [ep.uuid, 'all']);
      await ep.execute('endless_playback', file);
    } catch (err) {
      s.log.warn({ err: String(err), sound }, 'could not play to caller');
    } finally {
      if (nowPlaying.get(s) === file) nowPlaying.delete(s);
    }
  })();
}

/** Forget the current sound (a bridge or transfer cut it). */
export function soundCut(s: CallSession): void {
  nowPlaying.delete(s);
}

export async function hold(ctx: AdapterContext, s: CallSession, language: string): Promise<void> {
  s.language = language;
  const ep = s.callerEp;
  if (!ep || (s.phase !== CallPhase.Connected && s.phase !== CallPhase.Conference)) return;
  heldFrom.set(s, s.phase);
  if (s.phase === CallPhase.Conference) {
    // Take only the caller out of the three-way; agent and third party keep talking.
    await ep.api('uuid_transfer', [ep.uuid, 'park', 'inline']);
  } else {
    await ep.unbridge();
  }
  s.to(CallPhase.Held);
  playToCaller(ctx, s, 'music');
}

const heldFrom = new WeakMap<CallSession, CallPhase>();

export async function resume(_ctx: AdapterContext, s: CallSession): Promise<void> {
  const ep = s.callerEp;
  if (!ep || s.phase !== CallPhase.Held || !s.seat) return;
  if (heldFrom.get(s) === CallPhase.Conference && s.conferenceName) {
    await ep.api('uuid_break', [ep.uuid, 'all']);
    soundCut(s);
    void ep.join(s.conferenceName).catch((err: unknown) => s.log.warn({ err: String(err) }, 'rejoin three-way failed'));
    s.to(CallPhase.Conference);
    return;
  }
  await ep.bridge(s.seat.ep);
  soundCut(s);
  s.to(CallPhase.Connected);
}

/** Drop the seat (and any three-way party); the caller waits again hearing music. */
export async function releaseSeat(ctx: AdapterContext, s: CallSession, language: string): Promise<void> {
  s.language = language;
  const ep = s.callerEp;
  if (!ep || !s.active) return;
  if (s.phase === CallPhase.Connected) await ep.unbridge();
  else if (s.phase === CallPhase.Conference) await ep.api('uuid_transfer', [ep.uuid, 'park', 'inline']);
  const seat = s.seat;
  s.seat = undefined;
  if (seat) releaseLeg(ctx, seat);
  for (const leg of s.thirdParties.splice(0)) releaseLeg(ctx, leg);
  s.conferenceName = undefined;
  if (s.phase !== CallPhase.Waiting) s.to(CallPhase.Waiting);
  playToCaller(ctx, s, 'music');
}

/** BYE to the phone and hang up its FreeSWITCH endpoint. */
export function releaseLeg(ctx: AdapterContext, leg: MediaLeg): void {
  if (leg.dialog.connected) leg.dialog.destroy().catch(() => undefined);
  ctx.releaseEndpoint(leg.ep);
}

/**
 * What the caller hears and who they are connected to, on FreeSWITCH: music in their language while
 * waiting, ringback while a seat rings, hold (unbridge + music) and resume (re-bridge or rejoin the
 * three-way), and dropping the seat leg to send the caller back into the queue.
 *
 * Each command checks the call's phase first (a command that makes no sense fails `invalid-state`;
 * one already done — hold while held — is a no-op), then changes FreeSWITCH in one step whose failure
 * leaves everything as it was (`-ERR` from uuid_transfer / uuid_bridge means nothing happened), and
 * only then changes the phase. Waits go through `s.step` (the call ending cancels them); the command
 * runner bounds the whole command with its deadline.
 */
import { endSupervisions } from './supervise-call.js';
import { TelephonyCommandError } from '../command-failure.js';
import type { AdapterContext } from './adapter-context.js';
import { CallPhase, type CallSession, type MediaLeg } from './call-session.js';
import { DeadlineExceeded } from './deadline.js';
import { apiReplyBody, type EndpointLike, type EslEventLike } from './library-types.js';
import { stripLineBreaks } from './sip-text.js';
import { SEAT_VAR } from './call-annotations.js';

type Sound = 'music' | 'ringback';

/** FreeSWITCH answered a command with `-ERR …`. */
export class MediaCommandFailed extends Error {
  override readonly name = 'MediaCommandFailed';
}

/** What the caller hears now (as far as we know), and the last sound asked for. */
const nowPlaying = new WeakMap<CallSession, string>();
const wanted = new WeakMap<CallSession, string>();
/** Sound changes of one call run one after another: interleaved, a break could cut the newer sound. */
const changes = new WeakMap<CallSession, Promise<void>>();

/** An api command on the endpoint's socket that must answer `+OK`. */
export async function apiOk(s: CallSession, ep: EndpointLike, command: string, args: string[]): Promise<void> {
  const body = apiReplyBody(await s.step(ep.api(command, args), command));
  if (!body.startsWith('+OK')) throw new MediaCommandFailed(`${command}: ${body.trim() || 'no reply body'}`);
}

/**
 * A step on the caller's or the seat's endpoint, with the command deadline. After an overdue reply
 * that endpoint's event socket is out of step (modesl pairs replies with requests in order), so
 * nothing sent on it later could be trusted: the call is ended.
 */
export async function callStep<T>(ctx: AdapterContext, s: CallSession, p: Promise<T>, what: string): Promise<T> {
  try {
    return await ctx.within(s, p, what);
  } catch (err) {
    if (err instanceof DeadlineExceeded) ctx.endCall(s, 'media-failure');
    throw err;
  }
}

/**
 * Replace whatever the caller hears with looping music or ringback (uuid_break first: apps queue).
 * Resolves once the old sound is cut and the new one queued; rejects if FreeSWITCH refused. Changes
 * are applied in order; one overtaken by a newer request is skipped.
 */
export function playToCaller(ctx: AdapterContext, s: CallSession, sound: Sound): Promise<void> {
  const ep = s.callerEp;
  if (!ep || !s.active) return Promise.resolve();
  const file = stripLineBreaks(sound === 'music' ? ctx.musicFor(s.language) : ctx.cfg.ringbackTone);
  wanted.set(s, file);
  const change = (changes.get(s) ?? Promise.resolve()).then(async () => {
    if (wanted.get(s) !== file || nowPlaying.get(s) === file || !s.active) return;
    nowPlaying.delete(s);
    await callStep(ctx, s, apiOk(s, ep, 'uuid_break', [ep.uuid, 'all']), 'uuid_break');
    if (wanted.get(s) !== file || !s.active) return; // a newer change follows in the chain
    nowPlaying.set(s, file);
    // endless_playback settles only when the sound is cut (bridge, break, hang-up).
    const forget = () => {
      if (nowPlaying.get(s) === file) nowPlaying.delete(s);
    };
    ep.execute('endless_playback', file).then(forget, forget);
  });
  changes.set(
    s,
    change.catch(() => undefined),
  );
  return change;
}

let announcementSeq = 0;

/**
 * Play an announcement (`playback` of a `file_string://a!b!c`) once, then the hold music again. The
 * music is broken for it and started again when FreeSWITCH reports the playback complete (no timer of
 * ours); a later sound change (ringback when a seat is offered) breaks the playback and no music
 * follows. Runs in the call's chain of sound changes; resolves true once
 * the playback is queued, false when a newer change overtook it (nothing was played).
 */
export function announceToCaller(ctx: AdapterContext, s: CallSession, fileString: string): Promise<boolean> {
  const ep = s.callerEp;
  if (!ep || !s.active) return Promise.resolve(false);
  const marker = `announcement#${++announcementSeq}`;
  wanted.set(s, marker);
  // Still what the caller should hear: no newer sound change (ringback, a bridge) and the call is on.
  const current = () => wanted.get(s) === marker && s.active;
  const change = (changes.get(s) ?? Promise.resolve()).then(async () => {
    if (!current()) return false;
    nowPlaying.delete(s);
    await callStep(ctx, s, apiOk(s, ep, 'uuid_break', [ep.uuid, 'all']), 'uuid_break');
    if (!current()) return false;
    const music = stripLineBreaks(ctx.musicFor(s.language));
    const resumeMusic = () => {
      // Only once the playback is over: an app sent on the async socket while another runs is started
      // inside it on a real FreeSWITCH (the music would bury the announcement until hang-up). A newer
      // sound change (ringback, a bridge) has replaced `wanted` and cut the playback: no music then.
      if (!current()) return;
      wanted.set(s, music);
      nowPlaying.set(s, music);
      const forget = () => {
        if (nowPlaying.get(s) === music) nowPlaying.delete(s);
      };
      ep.execute('endless_playback', music).then(forget, forget);
    };
    nowPlaying.set(s, marker);
    ep.execute('playback', stripLineBreaks(fileString)).then(
      (evt) => {
        // FreeSWITCH says FILE PLAYED for a broken playback too; anything else means files it could not
        // play, unless something else took the caller's ear (a seat's bridge cuts it: PLAYBACK ERROR).
        const response = (evt as EslEventLike | undefined)?.getHeader?.('Application-Response');
        if (response && response !== 'FILE PLAYED' && current()) s.log.warn({ response, files: fileString }, 'FreeSWITCH could not play the announcement (announce.promptsDir on the media server?)');
        resumeMusic();
      },
      () => resumeMusic(),
    );
    return true;
  });
  changes.set(
    s,
    change.then(
      () => undefined,
      () => undefined,
    ),
  );
  return change;
}

/** playToCaller for flows that do not wait on it: a failure is logged, never thrown. */
export function playInBackground(ctx: AdapterContext, s: CallSession, sound: Sound): void {
  playToCaller(ctx, s, sound).catch((err: unknown) => {
    if (s.active) s.log.warn({ err: String(err), sound }, 'could not play to caller');
  });
}

/** Forget the current sound (a bridge or transfer cut it). */
export function soundCut(s: CallSession): void {
  nowPlaying.delete(s);
  wanted.delete(s);
}

function invalid(s: CallSession, command: string, why: string): TelephonyCommandError {
  return new TelephonyCommandError('invalid-state', command, why, s.callId);
}

export async function hold(ctx: AdapterContext, s: CallSession, language: string): Promise<void> {
  s.language = language;
  if (s.phase === CallPhase.Held) return;
  const ep = s.callerEp;
  if (!ep || !s.seat || (s.phase !== CallPhase.Connected && s.phase !== CallPhase.Conference)) {
    throw invalid(s, 'hold', `nothing to hold: the call is ${s.phase}`);
  }
  const from = s.phase;
  if (from === CallPhase.Conference) {
    // Take only the caller out of the three-way; agent and third party keep talking.
    await apiOk(s, ep, 'uuid_transfer', [ep.uuid, 'park', 'inline']);
  } else {
    await s.step(ep.unbridge(), 'unbridge');
  }
  s.heldFrom = from;
  s.to(CallPhase.Held);
  soundCut(s);
  playInBackground(ctx, s, 'music');
}

export async function resume(_ctx: AdapterContext, s: CallSession): Promise<void> {
  if (s.phase === CallPhase.Connected || s.phase === CallPhase.Conference) return;
  const ep = s.callerEp;
  if (!ep || s.phase !== CallPhase.Held || !s.seat) throw invalid(s, 'resume', `nothing to resume: the call is ${s.phase}`);
  if (s.heldFrom === CallPhase.Conference && s.conferenceName) {
    await apiOk(s, ep, 'uuid_break', [ep.uuid, 'all']);
    soundCut(s);
    await s.step(ep.join(s.conferenceName), 'rejoin the three-way');
    s.to(CallPhase.Conference);
    return;
  }
  await s.step(ep.bridge(s.seat.ep), 'bridge');
  soundCut(s);
  s.to(CallPhase.Connected);
}

/** Drop the seat (and any three-way party); the caller waits again hearing music. */
export async function releaseSeat(ctx: AdapterContext, s: CallSession, language: string): Promise<void> {
  s.language = language;
  const ep = s.callerEp;
  if ((s.phase === CallPhase.Waiting || s.phase === CallPhase.Anchoring) && !s.seat) return;
  if (!ep || (s.phase !== CallPhase.Connected && s.phase !== CallPhase.Held && s.phase !== CallPhase.Conference)) {
    throw invalid(s, 'releaseSeat', `no seat to release: the call is ${s.phase}`);
  }
  // Park the caller first, so hanging the seat up cannot take the caller's media with it.
  if (s.phase === CallPhase.Connected) await s.step(ep.unbridge(), 'unbridge');
  else if (s.phase === CallPhase.Conference) await apiOk(s, ep, 'uuid_transfer', [ep.uuid, 'park', 'inline']);
  dropSeat(ctx, s);
  s.to(CallPhase.Waiting);
  soundCut(s);
  if (s.ringingOffers().length === 0) playInBackground(ctx, s, 'music');
}

/** Hang up the seat and every third party; the caller is already parked. */
export function dropSeat(ctx: AdapterContext, s: CallSession): void {
  // A lead eavesdrops on the seat leg: with the agent gone there is nothing left to supervise.
  endSupervisions(ctx, s, 'seat-gone');
  const seat = s.seat;
  s.seat = undefined;
  if (seat) {
    releaseLeg(ctx, seat);
    ctx.note(s, SEAT_VAR, undefined);
  }
  for (const leg of s.thirdParties.splice(0)) releaseLeg(ctx, leg);
  s.conferenceName = undefined;
  s.heldFrom = undefined;
}

/** BYE to the phone and hang up its FreeSWITCH endpoint. */
export function releaseLeg(ctx: AdapterContext, leg: MediaLeg): void {
  ctx.releaseDialog(leg.dialog);
  ctx.releaseEndpoint(leg.ep);
}

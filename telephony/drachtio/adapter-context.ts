/**
 * What the call-flow functions (anchor, offer, media, third party) need from the adapter: the SIP
 * and media libraries, config, time, the event sink, and the shared teardown helpers.
 */
import type { Clock } from '../clock.js';
import type { EndReason, TelephonyCounters, TelephonyEvent } from '../telephony-port.js';
import type { CallSession } from './call-session.js';
import type { EndpointLike, SrfDialog, SrfLike } from './library-types.js';
import type { ChannelMaker } from './create-channel.js';
import type { ResolvedDrachtioConfig } from './options.js';
import type { EslAccess } from './tagged-channels.js';

export type LegRole = 'caller' | 'seat' | 'offer' | 'third-party' | 'supervisor';

export interface AdapterContext {
  readonly srf: SrfLike;
  readonly cfg: ResolvedDrachtioConfig;
  readonly clock: Clock;
  readonly counters: TelephonyCounters;
  /** The adapter instance: owner of its calls' async scope (call-scope.ts). */
  readonly owner: object;
  /** Makes channels on the media server while its control connection is up; undefined while FreeSWITCH is unreachable. */
  media(): ChannelMaker | undefined;
  /** A ready seat-leg endpoint from the warm pool (endpoint-pool.ts), or undefined when none is ready. */
  spare(): EndpointLike | undefined;
  /** The control connection for bgapi jobs, while FreeSWITCH is reachable. */
  esl(): EslAccess | undefined;
  emit(event: TelephonyEvent): void;
  /** Counts the endpoint as a live channel and watches it for an unexpected end. */
  track(ep: EndpointLike, s: CallSession, role: LegRole): void;
  /** Hangs the endpoint up (BYE to FreeSWITCH, or uuid_kill when the dialog is gone) and stops counting it. Never throws. */
  releaseEndpoint(ep: EndpointLike | undefined): void;
  /** BYE to a phone's dialog if it is still up. Never throws. */
  releaseDialog(dialog: SrfDialog | undefined): void;
  endCall(s: CallSession, reason: EndReason): void;
  /**
   * Record a take-over fact on the caller's channel (call-annotations.ts): one uuid_setvar, not
   * awaited; `value` undefined unsets it. Never throws.
   */
  note(s: CallSession, variable: string, value: string | undefined): void;
  /** Hold-music file for a language (falls back to Mandarin, then to any configured file). */
  musicFor(language: string): string;
  /**
   * Waits on the network for one step of a call's flow: rejects DeadlineExceeded after
   * `ms` (default `commandTimeoutMs`), CallGone as soon as the call ends.
   */
  within<T>(s: CallSession, p: Promise<T>, what: string, ms?: number): Promise<T>;
  /**
   * Wraps a listener the libraries call (dialog destroy, CANCEL, endpoint end): it runs in the call's
   * async scope, and whatever it throws is a fault of that call only (logged, counted, call torn down).
   */
  shield<A extends unknown[]>(s: CallSession, what: string, fn: (...args: A) => void): (...args: A) => void;
}

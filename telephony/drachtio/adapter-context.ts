/**
 * What the call-flow functions (anchor, offer, media, third party) need from the adapter: the SIP
 * and media libraries, config, time, the event sink, and the shared teardown helpers.
 */
import type { Clock } from '../clock.js';
import type { EndReason, TelephonyEvent } from '../telephony-port.js';
import type { CallSession } from './call-session.js';
import type { EndpointLike, MediaServerLike, SrfLike } from './library-types.js';
import type { ResolvedDrachtioConfig } from './options.js';

export type LegRole = 'caller' | 'seat' | 'offer' | 'third-party';

export interface AdapterContext {
  readonly srf: SrfLike;
  readonly cfg: ResolvedDrachtioConfig;
  readonly clock: Clock;
  /** The media server while the event socket is up; undefined while FreeSWITCH is unreachable. */
  media(): MediaServerLike | undefined;
  emit(event: TelephonyEvent): void;
  /** Counts the endpoint as a live channel and watches it for an unexpected end. */
  track(ep: EndpointLike, s: CallSession, role: LegRole): void;
  /** Hangs the endpoint up (BYE to FreeSWITCH) and stops counting it. Never throws. */
  releaseEndpoint(ep: EndpointLike | undefined): void;
  endCall(s: CallSession, reason: EndReason): void;
  /** Hold-music file for a language (falls back to Mandarin, then to any configured file). */
  musicFor(language: string): string;
}

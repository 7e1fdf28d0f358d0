/**
 * The adapter's bookkeeping: live calls by id, and every FreeSWITCH endpoint the adapter holds (the
 * leak detector health() reports). An endpoint that FreeSWITCH ends on its own (media timeout,
 * restart) is reported through `onLost`.
 */
import type { CallId } from '../telephony-port.js';
import type { LegRole } from './adapter-context.js';
import type { CallSession } from './call-session.js';
import { endpointAlive, type EndpointLike } from './library-types.js';

export class CallRegistry {
  private readonly calls = new Map<CallId, CallSession>();
  private readonly live = new Map<EndpointLike, { s: CallSession; role: LegRole }>();
  private readonly uuids = new Set<string>();

  constructor(
    /** `cause`: FreeSWITCH's Hangup-Cause when fsmrf saw one; none when the channel's event socket closed. */
    private readonly onLost: (s: CallSession, role: LegRole, ep: EndpointLike, cause: string | undefined) => void,
    /** Hangs a channel up over the event socket when its SIP dialog cannot be used. */
    private readonly kill: (uuid: string) => void,
  ) {}

  add(s: CallSession): void {
    this.calls.set(s.callId, s);
  }

  get(callId: CallId): CallSession | undefined {
    return this.calls.get(callId);
  }

  /** A call the bridge still owns (not ended, not handed to 110). */
  active(callId: CallId): CallSession | undefined {
    const s = this.calls.get(callId);
    return s && s.active ? s : undefined;
  }

  remove(s: CallSession): void {
    this.calls.delete(s.callId);
  }

  all(): CallSession[] {
    return [...this.calls.values()];
  }

  get size(): number {
    return this.calls.size;
  }

  get liveChannels(): number {
    return this.live.size;
  }

  /** Is this FreeSWITCH channel one of ours right now? */
  holds(uuid: string): boolean {
    return this.uuids.has(uuid);
  }

  track(ep: EndpointLike, s: CallSession, role: LegRole): void {
    this.live.set(ep, { s, role });
    this.uuids.add(ep.uuid);
    ep.once('destroy', (info?: { reason?: string }) => {
      if (!this.live.has(ep)) return; // released by us
      this.forget(ep);
      this.onLost(s, role, ep, typeof info?.reason === 'string' ? info.reason : undefined);
    });
  }

  /** Hang the endpoint up (BYE to FreeSWITCH); safe for untracked or already released endpoints. */
  release(ep: EndpointLike | undefined): void {
    if (!ep) return;
    const wasLive = this.live.has(ep);
    const alive = endpointAlive(ep);
    this.forget(ep);
    ep.released?.();
    const dialog = ep.dialog;
    if (dialog?.connected) {
      // drachtio may no longer know the dialog (restart) or be unreachable: then FreeSWITCH hears it over ESL.
      dialog.destroy().catch(() => this.kill(ep.uuid));
    } else if (wasLive && alive) {
      this.kill(ep.uuid);
    }
  }

  /** Drop every call and endpoint without hanging anything up (the calls are left to another bridge). */
  forgetAll(): void {
    this.calls.clear();
    this.live.clear();
    this.uuids.clear();
  }

  private forget(ep: EndpointLike): void {
    this.live.delete(ep);
    this.uuids.delete(ep.uuid);
  }
}

/**
 * The adapter's bookkeeping: live calls by id, and every FreeSWITCH endpoint the adapter holds (the
 * leak detector health() reports). An endpoint that FreeSWITCH ends on its own (media timeout,
 * restart) is reported through `onLost`.
 */
import type { CallId } from '../telephony-port.js';
import type { LegRole } from './adapter-context.js';
import type { CallSession } from './call-session.js';
import type { EndpointLike } from './library-types.js';

export class CallRegistry {
  private readonly calls = new Map<CallId, CallSession>();
  private readonly live = new Map<EndpointLike, { s: CallSession; role: LegRole }>();

  constructor(private readonly onLost: (s: CallSession, role: LegRole, ep: EndpointLike) => void) {}

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

  track(ep: EndpointLike, s: CallSession, role: LegRole): void {
    this.live.set(ep, { s, role });
    ep.once('destroy', () => {
      if (!this.live.has(ep)) return; // released by us
      this.live.delete(ep);
      this.onLost(s, role, ep);
    });
  }

  /** Hang the endpoint up (BYE to FreeSWITCH); safe for untracked or already released endpoints. */
  release(ep: EndpointLike | undefined): void {
    if (!ep) return;
    this.live.delete(ep);
    const dialog = ep.dialog;
    if (dialog?.connected) dialog.destroy().catch(() => undefined);
  }
}

/**
 * A new FreeSWITCH endpoint for a call, tagged with the call id from birth (tagged-channels.ts) and
 * counted as a live channel the moment it exists. Creating one is a SIP INVITE to FreeSWITCH
 * (create-channel.ts): it gets the command deadline, and an endpoint that arrives after we stopped
 * waiting (deadline passed, call ended) is hung up at once instead of leaking. Seat legs usually come
 * ready-made from the warm pool (endpoint-pool.ts).
 */
import type { AdapterContext, LegRole } from './adapter-context.js';
import type { CallSession } from './call-session.js';
import type { EndpointLike } from './library-types.js';
import { setVarOn } from './call-annotations.js';
import { headerSafe } from './sip-text.js';
import { preferCodecs } from './lean-sdp.js';
import { CALL_ID_HEADER, CALL_ID_VARIABLE } from './tagged-channels.js';

/** FreeSWITCH's event socket is down: nothing can be created. */
export class MediaUnavailable extends Error {
  override readonly name = 'MediaUnavailable';
  readonly status = 503;
  constructor() {
    super('media server unreachable');
  }
}

export async function newEndpoint(ctx: AdapterContext, s: CallSession, role: LegRole, remoteSdp?: string): Promise<EndpointLike> {
  const ms = ctx.media();
  if (!ms) throw new MediaUnavailable();
  const created = ms.createEndpoint({
    // Codec preference by reordering the offer, not fsmrf's `codecs` (lean-sdp.ts, preferCodecs).
    ...(remoteSdp !== undefined ? { remoteSdp: preferCodecs(remoteSdp, ctx.cfg.codecs) } : {}),
    headers: { [CALL_ID_HEADER]: headerSafe(s.callId, 64) },
  });
  let wanted = true;
  void created.then(
    (ep) => {
      if (!wanted) ctx.releaseEndpoint(ep);
    },
    () => undefined,
  );
  let ep: EndpointLike;
  try {
    ep = await ctx.within(s, created, `creating the ${role} endpoint`);
  } catch (err) {
    wanted = false;
    throw err;
  }
  ctx.track(ep, s, role);
  return ep;
}

/**
 * A spare seat leg from the warm pool for an offer, taken synchronously: the seat's INVITE can leave
 * in the same tick (an `await` would let the batch's desktop and store work run first). Undefined when
 * the pool is empty (the offer then makes a new endpoint). Tag it with tagSpare once the INVITE is out.
 */
export function takeSpare(ctx: AdapterContext, s: CallSession): EndpointLike | undefined {
  const ep = ctx.spare();
  if (ep) ctx.track(ep, s, 'offer');
  return ep;
}

/**
 * Names a taken spare's channel with its call (reconciliation and take-over read it). Not awaited, and
 * sent after the seat's INVITE: a command to a real-time FreeSWITCH on the same cores can hold the
 * process for as long as FreeSWITCH takes to read it. An api `uuid_setvar`, not the `set` app: an app
 * fires two events carrying every channel variable, one of them back over the socket.
 */
export function tagSpare(ep: EndpointLike, s: CallSession): void {
  void setVarOn(ep, s.log, CALL_ID_VARIABLE, headerSafe(s.callId, 64), (p) => p);
}

/**
 * A phone answered: FreeSWITCH's leg for it takes the phone's SDP (a re-INVITE on the leg's dialog).
 * fsmrf's Endpoint#modify then also asks for the whole channel (uuid_set_media_stats and uuid_dump:
 * two more round trips, and the switch writing out every channel variable) to refresh fields the
 * adapter never reads again; on the answer → bridge path that is wasted time and switch CPU. A
 * taken-over channel has no dialog: its own modify refuses, as before.
 */
export function takePhoneAnswer(ep: EndpointLike, phoneSdp: string): Promise<unknown> {
  return ep.dialog ? ep.dialog.modify(phoneSdp) : ep.modify(phoneSdp);
}

/**
 * A new FreeSWITCH endpoint for a call, tagged with the call id from birth (tagged-channels.ts) and
 * counted as a live channel the moment it exists. Creating one is a SIP INVITE to FreeSWITCH plus its
 * outbound event socket: it gets the command deadline, and an endpoint that arrives after we stopped
 * waiting (deadline passed, call ended) is hung up at once instead of leaking.
 */
import type { AdapterContext, LegRole } from './adapter-context.js';
import type { CallSession } from './call-session.js';
import type { EndpointLike } from './library-types.js';
import { headerSafe } from './sip-text.js';
import { CALL_ID_HEADER } from './tagged-channels.js';

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
    ...(remoteSdp !== undefined ? { remoteSdp } : {}),
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

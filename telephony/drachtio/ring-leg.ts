/**
 * Ring an outside phone (a third party through the gateway, a lead joining a call) on a FreeSWITCH
 * endpoint's SDP, made lean (lean-sdp.ts), until it answers. The ring ends on our clock: after `ringMs`
 * the INVITE is CANCELled, and if the phone never answers the CANCEL (see offer-seat.ts) the wait is
 * given up `cancelSettleMs` later. A phone that answers after we gave up is hung up at once.
 */
import type { AdapterContext } from './adapter-context.js';
import { DeadlineExceeded } from './deadline.js';
import { leanOffer, wantsSrtp } from './lean-sdp.js';
import type { EndpointLike, SrfDialog, SrfRequest } from './library-types.js';

type Invite = SrfRequest;

export interface RingLegOptions {
  uri: string;
  ep: EndpointLike;
  ringMs: number;
  /** Who is rung, for the give-up message ("third party", "lead"). */
  who: string;
  callingNumber: string;
  callingName?: string | undefined;
  headers: Record<string, string>;
  /** The INVITE as it leaves (kept by callers that cancel it themselves). */
  onInvite?(req: Invite): void;
}

export interface RingingLeg {
  /** The answered dialog; rejects with the SIP failure, a DeadlineExceeded, or what `stop` was given. */
  answered: Promise<SrfDialog>;
  /** Stop ringing (CANCEL) and reject `answered` with `why`; no effect once settled. */
  stop(why: Error): void;
}

export function ringLeg(ctx: AdapterContext, o: RingLegOptions): RingingLeg {
  let invite: Invite | undefined;
  let settled = false;
  let stop: (why: Error) => void = () => undefined;
  const answered = new Promise<SrfDialog>((resolve, reject) => {
    const done = (fn: () => void) => {
      if (settled) return;
      settled = true;
      timer.cancel();
      fn();
    };
    let timer = ctx.clock.setTimeout(() => {
      invite?.cancel(() => undefined);
      timer = ctx.clock.setTimeout(() => done(() => reject(new DeadlineExceeded(`${o.who} answering the CANCEL`, ctx.cfg.cancelSettleMs))), ctx.cfg.cancelSettleMs);
    }, o.ringMs);
    stop = (why) => {
      invite?.cancel(() => undefined);
      done(() => reject(why));
    };
    ctx.srf
      .createUAC(
        o.uri,
        {
          localSdp: leanOffer(o.ep.local.sdp, { codecs: ctx.cfg.codecs, srtp: wantsSrtp(o.uri) }),
          callingNumber: o.callingNumber,
          callingName: o.callingName,
          headers: o.headers,
        },
        {
          cbRequest: (_err, req) => {
            invite = req;
            if (req) o.onInvite?.(req);
          },
        },
      )
      .then(
        (dialog) => {
          if (settled) return ctx.releaseDialog(dialog); // answered after we gave up
          done(() => resolve(dialog));
        },
        (err: unknown) => done(() => reject(err)),
      );
  });
  return { answered, stop: (why) => stop(why) };
}

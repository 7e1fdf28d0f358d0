/**
 * What the adapter answers on drachtio's routes: a new INVITE becomes a call (or is refused: 503 while
 * draining or while FreeSWITCH is unreachable, 4xx when it cannot be served), OPTIONS pings get 200,
 * a stray BYE 481 (200 when it ends a taken-over call), and every method the hotline does not serve 405 with an Allow header.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { maskNumber } from '../mask-number.js';
import type { EndReason, TelephonyEvent } from '../telephony-port.js';
import { inCall } from './call-scope.js';
import { CallSession } from './call-session.js';
import { parseInbound } from './inbound-call.js';
import type { SrfLike, SrfRequest, SrfResponse } from './library-types.js';
import type { ResolvedDrachtioConfig } from './options.js';
import type { TrustedTrunks } from './trusted-trunks.js';

/** Methods answered 405: the product serves calls, nothing else. */
const REFUSED_METHODS = ['message', 'subscribe', 'register', 'publish', 'notify', 'refer', 'info', 'update', 'prack'];
const ALLOW = 'INVITE, ACK, CANCEL, BYE, OPTIONS';

export interface InboundDeps {
  cfg: ResolvedDrachtioConfig;
  clock: Clock;
  log: Logger;
  trunks: TrustedTrunks;
  owner: object;
  /** Taking calls: started and not draining. */
  accepting(): boolean;
  mediaUp(): boolean;
  /** drachtio connection generation a new call's dialogs are made on. */
  epoch(): number;
  add(s: CallSession): void;
  emit(e: TelephonyEvent): void;
  endCall(s: CallSession, reason: EndReason): void;
  shield<A extends unknown[]>(s: CallSession, what: string, fn: (...args: A) => void): (...args: A) => void;
  /** A BYE for a dialog of a taken-over call (a bridge that died made it): true when it ended one. */
  takenOverBye(sipCallId: string): boolean;
  /** Anchors the new call on FreeSWITCH (runs in the call's scope). */
  anchor(s: CallSession): void;
}

export function installRoutes(srf: SrfLike, d: InboundDeps): void {
  srf.invite((req, res) => onInvite(d, req, res));
  srf.use('options', (_req, res) => res.send(200, { headers: { Allow: ALLOW } }));
  // A BYE or CANCEL that reaches here matches no dialog / transaction of ours.
  srf.use('bye', (req, res) => res.send(d.takenOverBye(req.get('Call-ID') ?? '') ? 200 : 481));
  for (const m of REFUSED_METHODS) {
    srf.use(m, (req, res) => {
      d.log.info({ method: req.method, from: req.source_address }, 'refused SIP method');
      res.send(405, { headers: { Allow: ALLOW } });
    });
  }
}

function onInvite(d: InboundDeps, req: SrfRequest, res: SrfResponse): void {
  const to = req.get('To') ?? '';
  if (/;\s*tag=/i.test(to)) {
    // A re-INVITE for a dialog we do not know (ours are routed to their dialog first).
    res.send(481);
    return;
  }
  if (!d.accepting()) {
    d.log.info({ from: req.source_address }, 'INVITE refused: draining');
    res.send(503, { headers: { 'Retry-After': String(d.cfg.drainRetryAfterSec) } });
    return;
  }
  if (!d.mediaUp()) {
    d.log.warn({ from: req.source_address }, 'INVITE refused: FreeSWITCH unreachable');
    res.send(503, { headers: { 'Retry-After': '10' } });
    return;
  }
  const callId = randomUUID();
  let parsed: ReturnType<typeof parseInbound>;
  try {
    parsed = parseInbound(req, { callId, now: d.clock.now(), trunks: d.trunks, displayNameMax: d.cfg.displayNameMax });
  } catch (err) {
    parsed = { ok: false, status: 400, reason: 'Bad Request' };
    d.log.warn({ err: String(err) }, 'unparseable INVITE');
  }
  if (!parsed.ok) {
    d.log.info({ status: parsed.status, reason: parsed.reason, from: req.source_address }, 'INVITE rejected');
    res.send(parsed.status, parsed.reason);
    return;
  }
  const call = parsed.call;
  const log = d.log.child({ callId });
  const s = new CallSession(callId, call, req, res, log);
  s.epoch = d.epoch();
  d.add(s);
  inCall({ callId, owner: d.owner }, () => {
    // First thing: a CANCEL during anchoring must release whatever anchoring has created.
    req.on(
      'cancel',
      d.shield(s, 'caller CANCEL', () => {
        log.info({ phase: s.phase }, 'caller cancelled');
        d.endCall(s, 'caller-hangup');
      }),
    );
    log.info(
      {
        caller: maskNumber(call.callerNumber),
        dialled: call.dialledNumber,
        trunk: call.trunk,
        verified: call.callerVerified,
        hints: call.hints,
        droppedHints: parsed.droppedHints.length ? parsed.droppedHints : undefined,
      },
      'call arrived',
    );
    d.emit({ type: 'call-arrived', call });
    // Routing first: the arrival is delivered (and the caller's history asked for) before anchoring's
    // own work runs; the seat's INVITE never waits for the caller's FreeSWITCH leg.
    setImmediate(() => d.anchor(s));
  });
}

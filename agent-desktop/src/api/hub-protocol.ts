/**
 * The one place that knows the hub's socket event names and payloads (bridge/hub/events.ts).
 * Everything else in the SPA talks in DesktopAction / DesktopCommands.
 */
import type { DesktopAction, SnapshotData } from '../state/desktop-state.js';
import type { DesktopCommands } from './commands.js';
import type { AuditEntry, CallView, PreflightReport, ScreenPop, SeatView, WallboardView } from './types.js';

/** The part of a socket.io client socket the protocol uses (a fake in tests). */
export interface HubSocket {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener?: (...args: unknown[]) => void): unknown;
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
}

type Announce = (pop: ScreenPop) => string;

const obj = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' ? (x as Record<string, unknown>) : {});

/** Server events → reducer actions. Returns the unsubscribe. */
export function subscribe(socket: HubSocket, dispatch: (a: DesktopAction) => void, announce: Announce): () => void {
  const handlers: Record<string, (p: unknown) => void> = {
    snapshot: (p) => {
      const s = obj(p);
      const offer = obj(s.offer);
      dispatch({
        type: 'snapshot',
        now: Date.now(),
        data: {
          ...(s as SnapshotData),
          offer: offer.pop ? { offerId: String(offer.offerId), callId: String(obj(offer.pop).callId), pop: offer.pop as ScreenPop, ringTimeoutMs: Number(offer.ringTimeoutMs) } : null,
        },
      });
    },
    seat: (p) => dispatch({ type: 'seat', seat: (obj(p).seat ?? p) as SeatView }),
    call: (p) => dispatch({ type: 'call', call: (obj(p).call ?? p) as CallView }),
    offer: (p) => {
      const o = obj(p);
      const pop = o.pop as ScreenPop;
      dispatch({
        type: 'offer',
        now: Date.now(),
        offer: { offerId: String(o.offerId ?? pop.offerId), callId: pop.callId, pop, ringTimeoutMs: Number(o.ringTimeoutMs) },
        announcement: announce(pop),
      });
    },
    'offer-withdrawn': (p) => dispatch({ type: 'offer-withdrawn', offerId: String(obj(p).offerId) }),
    'centre-mode': (p) => {
      const c = obj(p);
      dispatch({ type: 'centre-mode', centre: { mode: c.mode === 'home' ? 'home' : 'office', preset: (c.preset as string | null) ?? null, reason: String(c.reason ?? ''), since: Number(c.at ?? c.since ?? Date.now()) } });
    },
    wallboard: (p) => dispatch({ type: 'wallboard', wallboard: p as WallboardView }),
    audit: (p) => dispatch({ type: 'audit', entry: (obj(p).entry ?? p) as AuditEntry }),
  };
  for (const [e, h] of Object.entries(handlers)) socket.on(e, h as (...a: unknown[]) => void);
  return () => {
    for (const [e, h] of Object.entries(handlers)) socket.off(e, h as (...a: unknown[]) => void);
  };
}

const ACK_TIMEOUT_MS = 8000;

async function ask<T = void>(socket: HubSocket, event: string, payload: Record<string, unknown>): Promise<T> {
  const reply = obj(await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload));
  if (reply.ok === false) {
    const err = obj(reply.error);
    throw new Error(String(err.message ?? err.code ?? 'refused'));
  }
  return reply.result as T;
}

/** Desktop commands → hub requests with acknowledgements. */
export function commandsFor(socket: HubSocket): DesktopCommands {
  return {
    setAvailable: () => ask(socket, 'seat:available', {}),
    setNotReady: (reason) => ask(socket, 'seat:not-ready', { reason }),
    accept: (callId) => ask(socket, 'offer:accept', { callId }),
    reject: (callId) => ask(socket, 'offer:reject', { callId }),
    hold: (callId) => ask(socket, 'call:hold', { callId }),
    resume: (callId) => ask(socket, 'call:resume', { callId }),
    transfer: (callId, to) => ask(socket, 'call:transfer', { callId, to }),
    conference: (callId, number) => ask(socket, 'call:conference', { callId, number }),
    hangup: (callId) => ask(socket, 'call:hangup', { callId }),
    correctLanguage: (callId, language) => ask(socket, 'call:language', { callId, language }),
    completeWrapUp: (input) => ask(socket, 'seat:wrap-up', { ...input }),
    forceSeatState: (seatId, state, reason) => ask(socket, 'lead:force-state', { seatId, state, ...(reason ? { reason } : {}) }),
    preflight: (mode) => ask<PreflightReport>(socket, 'lead:preflight', { mode }),
    setCentreMode: (mode, reason, presetId) => ask(socket, 'lead:centre-mode', { mode, reason, presetId }),
  };
}

/**
 * The desktop's side of the hub contract (bridge/hub/events.ts, imported type-only): server events fold
 * into DesktopActions, DesktopCommands go out as acknowledged socket.io events.
 */
import type { Socket } from 'socket.io-client';
import type { DesktopAction } from '../state/desktop-state.js';
import type { DesktopCommands } from './commands.js';
import type { AckResult, ClientToServerEvents, CommandName, CommandResults, ScreenPop, ServerToClientEvents } from './types.js';
import { CommandError } from '../i18n/error-text.js';

export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type Announce = (pop: ScreenPop) => string;

/** Server events → reducer actions. Returns the unsubscribe. */
export function subscribe(socket: HubSocket, dispatch: (a: DesktopAction) => void, announce: Announce): () => void {
  const handlers: Partial<ServerToClientEvents> = {
    snapshot: (s) => {
      dispatch({
        type: 'snapshot',
        now: Date.now(),
        data: {
          user: s.user,
          seat: s.seat,
          centre: s.centre,
          offer: s.offer ? { offerId: s.offer.offerId, callId: s.offer.callId, pop: s.offer.pop, ringTimeoutMs: s.offer.ringTimeoutMs } : null,
          call: s.call,
          callPop: s.callPop ?? null,
          desks: s.desks,
          presets: s.presets,
          lines: s.lines ?? [],
          regions: s.regions ?? [],
          notReadyReasons: s.notReadyReasons,
          wallboard: s.wallboard,
          seats: s.seats,
          audit: s.audit,
          drain: s.drain ?? null,
          lab: s.lab ?? null,
          ...(s.liveCalls ? { liveCalls: s.liveCalls } : {}),
          ...(s.supervisions ? { supervisions: s.supervisions } : {}),
          supervised: s.supervised ?? [],
        },
      });
      if (s.offer) dispatch({ type: 'announce', announcement: announce(s.offer.pop) });
    },
    seat: ({ seat }) => dispatch({ type: 'seat', seat }),
    call: ({ call }) => dispatch({ type: 'call', call }),
    offer: (o) =>
      dispatch({
        type: 'offer',
        now: Date.now(),
        offer: { offerId: o.offerId, callId: o.callId, pop: o.pop, ringTimeoutMs: o.ringTimeoutMs },
        announcement: announce(o.pop),
      }),
    'offer-withdrawn': ({ offerId }) => dispatch({ type: 'offer-withdrawn', offerId }),
    'call-pop': ({ callId, pop }) => dispatch({ type: 'call-pop', callId, pop }),
    'centre-mode': (c) => dispatch({ type: 'centre-mode', centre: { mode: c.mode, preset: c.preset, reason: c.reason, since: c.since } }),
    wallboard: (w) => dispatch({ type: 'wallboard', wallboard: w }),
    audit: ({ entry }) => dispatch({ type: 'audit', entry }),
    drain: (drain) => dispatch({ type: 'drain', drain }),
    supervision: (supervision) => dispatch({ type: 'supervision', supervision }),
    supervised: (supervised) => dispatch({ type: 'supervised', supervised }),
  };
  const entries = Object.entries(handlers) as [keyof ServerToClientEvents, (...a: never[]) => void][];
  for (const [e, h] of entries) socket.on(e, h as never);
  return () => {
    for (const [e, h] of entries) socket.off(e, h as never);
  };
}

const ACK_TIMEOUT_MS = 8000;

/**
 * A command that never got the hub's answer: `disconnected` = not sent at all (the socket was down);
 * `unconfirmed` = sent, but the connection dropped or the answer did not come in time, so whether it
 * happened is unknown. The desktop says which in the agent's language (socket.io's own messages are
 * English library text).
 */
export class CommandNotAnswered extends Error {
  constructor(readonly reason: 'disconnected' | 'unconfirmed') {
    super(reason === 'disconnected' ? 'not connected' : 'no answer from the hub');
    this.name = 'CommandNotAnswered';
  }
}

/** By name as well as class: a test or a second bundle may hold another copy of this module. */
export function notAnswered(e: unknown): CommandNotAnswered['reason'] | undefined {
  if (e instanceof CommandNotAnswered) return e.reason;
  const r = (e as { name?: unknown; reason?: unknown } | null)?.reason;
  return (e as { name?: unknown } | null)?.name === 'CommandNotAnswered' && (r === 'disconnected' || r === 'unconfirmed') ? r : undefined;
}

/** One acknowledged command; a refusal rejects with the hub's code (the desktop words it: i18n/error-text.ts). */
async function ask<E extends CommandName>(socket: HubSocket, event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<CommandResults[E]> {
  // socket.io would buffer it and send it on reconnect — a hang-up arriving seconds later, on whatever
  // call is live then. Refuse instead: the controls are disabled while disconnected anyway.
  if (!socket.connected) throw new CommandNotAnswered('disconnected');
  // socket.io's typings cannot follow a generic event name through emitWithAck; the contract types it here.
  const timed = socket.timeout(ACK_TIMEOUT_MS);
  const emit = timed.emitWithAck as unknown as (e: E, p: typeof payload) => Promise<AckResult<CommandResults[E]>>;
  let reply: AckResult<CommandResults[E]>;
  try {
    reply = await emit.call(timed, event, payload);
  } catch {
    // socket.io rejects a pending ack on timeout or when the socket disconnects before it came.
    throw new CommandNotAnswered('unconfirmed');
  }
  if (!reply.ok) throw new CommandError(reply.error.code, reply.error.message || reply.error.code);
  return reply.result;
}

export function commandsFor(socket: HubSocket): DesktopCommands {
  const done = () => undefined;
  return {
    setAvailable: () => ask(socket, 'seat:available', {}).then(done),
    setNotReady: (reason) => ask(socket, 'seat:not-ready', { reason }).then(done),
    accept: (callId) => ask(socket, 'offer:accept', { callId }).then(done),
    reject: (callId) => ask(socket, 'offer:reject', { callId }).then(done),
    hold: (callId) => ask(socket, 'call:hold', { callId }).then(done),
    resume: (callId) => ask(socket, 'call:resume', { callId }).then(done),
    transfer: (callId, to) => ask(socket, 'call:transfer', { callId, to }).then(done),
    conference: (callId, number) => ask(socket, 'call:conference', { callId, number }).then(done),
    dropThirdParty: (callId) => ask(socket, 'call:drop-third-party', { callId }).then(done),
    hangup: (callId) => ask(socket, 'call:hangup', { callId }).then(done),
    correctLanguage: (callId, language) => ask(socket, 'call:language', { callId, language }).then(done),
    completeWrapUp: (input) => ask(socket, 'seat:wrap-up', { ...input }).then(done),
    saveWrapUpDraft: (draft) => ask(socket, 'seat:wrap-up-draft', { ...draft }).then(done),
    forceSeatState: (seatId, state, reason) => ask(socket, 'lead:force-state', { seatId, state, ...(reason ? { reason } : {}) }).then(done),
    preflight: (mode) => ask(socket, 'lead:preflight', { mode }),
    setCentreMode: (mode, reason, presetId) => ask(socket, 'lead:centre-mode', { mode, reason, presetId }).then(done),
    setSeatMode: (seatId, mode, reason) => ask(socket, 'lead:seat-mode', { seatId, mode, reason }).then(done),
    audit: (query) => ask(socket, 'lead:audit', { ...query }),
    supervise: (callId, mode, contact) => ask(socket, 'lead:supervise', { callId, mode, contact }),
    setSupervisionMode: (supervisionId, mode) => ask(socket, 'lead:supervision-mode', { supervisionId, mode }).then(done),
    leaveSupervision: (supervisionId) => ask(socket, 'lead:supervision-leave', { supervisionId }).then(done),
  };
}

/**
 * What each desktop command does, and who may send it. Payloads arrive here already validated (zod,
 * events.ts). Agents act only for their own seat and only on calls that seat holds — checked here and
 * again by the CallCenter; shift leads and admins alone run the lead commands.
 */
import { CommandError, SeatState, type CallCenter } from '../calls/call-center-api.js';
import type { z } from 'zod';
import type { AuditPage, AuditQuery, commandSchemas, CommandName, CommandResults, HubUser } from './events.js';
import { LEAD_COMMANDS } from './events.js';

type Parsed<E extends CommandName> = z.output<(typeof commandSchemas)[E]>;
type Handler<E extends CommandName> = (actor: HubUser, p: Parsed<E>) => CommandResults[E] | Promise<CommandResults[E]>;
export type CommandHandlers = { [E in CommandName]: Handler<E> };

const leadOnly = new Set<CommandName>(LEAD_COMMANDS);

/** Refuses the command unless `actor` may send it; returns the seat an agent command acts for. */
export function authorise(actor: HubUser, command: CommandName): void {
  const lead = actor.role === 'lead' || actor.role === 'admin';
  if (leadOnly.has(command)) {
    if (!lead) throw new CommandError('forbidden', 'only a shift lead or administrator may do this');
  } else if (actor.role !== 'agent' || !actor.seatId) {
    throw new CommandError('forbidden', 'only an agent at a seat may do this');
  }
}

/** The audit trail as the store keeps it (so it survives restarts and is the same on every bridge). */
export interface AuditReader {
  listAudit(q: Partial<AuditQuery> & { limit: number }): Promise<AuditPage>;
}

export function commandHandlers(callCenter: CallCenter, audit: AuditReader): CommandHandlers {
  const seatOf = (actor: HubUser): string => {
    if (!actor.seatId) throw new CommandError('forbidden', 'no seat');
    return actor.seatId;
  };
  /** The call must be on the actor's seat (offered, connected, held or wrapping up there). */
  const ownCall = (actor: HubUser, callId: string): string => {
    const seatId = seatOf(actor);
    const call = callCenter.call(callId);
    if (!call) throw new CommandError('not-found', 'no such call');
    if (call.seatId !== seatId) throw new CommandError('forbidden', 'this call is not on your seat');
    return seatId;
  };

  return {
    'seat:available': (a) => (callCenter.setAvailable(seatOf(a)), null),
    'seat:not-ready': (a, p) => (callCenter.setNotReady(seatOf(a), p.reason), null),
    'offer:accept': async (a, p) => (await callCenter.acceptOffer(ownCall(a, p.callId), p.callId), null),
    'offer:reject': async (a, p) => (await callCenter.rejectOffer(ownCall(a, p.callId), p.callId), null),
    'call:hold': async (a, p) => (await callCenter.hold(ownCall(a, p.callId), p.callId), null),
    'call:resume': async (a, p) => (await callCenter.resume(ownCall(a, p.callId), p.callId), null),
    'call:transfer': async (a, p) => (await callCenter.transfer(ownCall(a, p.callId), p.callId, p.to), null),
    'call:conference': async (a, p) => (await callCenter.conference(ownCall(a, p.callId), p.callId, p.number), null),
    'call:drop-third-party': async (a, p) => (await callCenter.dropThirdParty(ownCall(a, p.callId), p.callId), null),
    'call:hangup': async (a, p) => (await callCenter.hangup(ownCall(a, p.callId), p.callId), null),
    'call:language': (a, p) => (callCenter.correctLanguage(ownCall(a, p.callId), p.callId, p.language), null),
    'seat:wrap-up': (a, p) => (callCenter.completeWrapUp(seatOf(a), p), null),
    'seat:wrap-up-draft': (a, p) => (callCenter.saveWrapUpDraft(seatOf(a), p), null),
    'lead:force-state': (a, p) => {
      const state = { available: SeatState.Available, 'not-ready': SeatState.NotReady, offline: SeatState.Offline } as const;
      callCenter.forceSeatState(a.id, p.seatId, state[p.state], p.reason);
      return null;
    },
    'lead:centre-mode': (a, p) => (callCenter.setCentreMode(a.id, p.mode, p.reason, p.presetId ?? null), null),
    'lead:seat-mode': (a, p) => (callCenter.setSeatModeOverride(a.id, p.seatId, p.mode, p.reason), null),
    'lead:preflight': (_a, p) => callCenter.preflight(p.mode),
    'lead:audit': (_a, p) => audit.listAudit(p),
    'lead:supervise': (a, p) => callCenter.supervise({ id: a.id, name: a.name }, p.callId, p.mode, p.contact),
    'lead:supervision-mode': async (a, p) => (await callCenter.setSupervisionMode(a, p.supervisionId, p.mode), null),
    'lead:supervision-leave': async (a, p) => (await callCenter.leaveSupervision(a, p.supervisionId), null),
  };
}

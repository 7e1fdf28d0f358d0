/**
 * After a take-over: rebuild the calls a bridge that died left live on FreeSWITCH. Every channel the
 * bridge creates carries its call id (tagged-channels.ts), and the caller's channel the facts a
 * successor needs (call-annotations.ts). For each call id found:
 * - the caller's channel (the one with `hotline_caller`) is adopted: a SwitchChannel with no dialog, driven over
 *   the control connection and an AdoptedDialog to reach the caller's phone through drachtio-server;
 * - the seat leg named in `hotline_seat`, if its channel is still up, is adopted the same way: the
 *   call stays connected (or held); if that channel is gone the agent hung up meanwhile, and the call
 *   is ended (the caller gets a BYE);
 * - every other channel of the call (a seat endpoint still ringing, a three-way party) is hung up:
 *   the offer or conference died with the bridge;
 * - a call handed to 110/119/120 (`hotline_detached`) is left alone until its channels end;
 * - channels whose call carries no facts cannot be claimed: hung up and logged.
 */
import type { Logger } from 'pino';
import { TelephonyCommandError } from '../command-failure.js';
import type { CallFacts, RecoveredCall } from '../telephony-port.js';
import type { SwitchChannel } from './switch-channel.js';
import { AdoptedDialog } from './adopted-dialog.js';
import {
  CALLER_VAR,
  DETACHED_VAR,
  FACTS_VAR,
  SEAT_VAR,
  STATE_VAR,
  callerNoteSchema,
  decodeFacts,
  decodeNote,
  seatNoteSchema,
  type CallerNote,
} from './call-annotations.js';
import { CallPhase, CallSession } from './call-session.js';
import type { LegRole } from './adapter-context.js';
import type { EndpointLike, SrfLike } from './library-types.js';
import { POOL_TAG } from './endpoint-pool.js';
import { bgapi, killChannel, listTaggedChannels, type EslAccess, type TaggedChannel } from './tagged-channels.js';

export interface TakeOverDeps {
  srf: SrfLike;
  log: Logger;
  esl(): EslAccess | undefined;
  /** A channel the adapter already holds (its own calls). */
  holds(uuid: string): boolean;
  /** A call the adapter already holds. */
  knows(callId: string): boolean;
  add(s: CallSession): void;
  track(ep: EndpointLike, s: CallSession, role: LegRole): void;
  /** A channel of the dead bridge, driven from now on over the control connection (its hang-up reaches it). */
  adoptChannel(uuid: string): SwitchChannel;
  /** Leave these channels alone until they end (a call handed to an outside number). */
  handsOff(uuids: string[]): void;
  /** A channel nobody can claim was hung up. */
  counted(): void;
}

export async function takeOver(d: TakeOverDeps): Promise<RecoveredCall[]> {
  const esl = d.esl();
  if (!esl) throw new TelephonyCommandError('not-connected', 'recoverCalls', 'FreeSWITCH is unreachable: no call can be taken over yet');
  const channels = await listTaggedChannels(esl, (uuid) => d.holds(uuid));
  const groups = new Map<string, TaggedChannel[]>();
  let spares = 0;
  for (const ch of channels) {
    if (!ch.callId || d.holds(ch.uuid) || d.knows(ch.callId)) continue;
    if (ch.callId === POOL_TAG) {
      // The replaced bridge's ready endpoints: no call, nobody will use them.
      if (await killChannel(esl, ch.uuid).catch(() => false)) spares++;
      continue;
    }
    groups.set(ch.callId, [...(groups.get(ch.callId) ?? []), ch]);
  }
  const out: RecoveredCall[] = [];
  for (const [callId, legs] of groups) {
    try {
      const r = await adoptOne(d, esl, callId, legs);
      if (r) out.push(r);
    } catch (err) {
      d.log.error({ callId, err: String(err) }, 'could not take this call over; its channels are left to the reconciler');
    }
  }
  const n = (f: RecoveredCall['found']) => out.filter((r) => r.found === f).length;
  d.log.info(
    { waiting: n('waiting'), connected: n('connected'), held: n('held'), hungUp: n('hung-up'), sparesHungUp: spares, channels: channels.filter((c) => c.callId).length },
    'take-over: calls found on FreeSWITCH',
  );
  return out;
}

async function getvar(esl: EslAccess, uuid: string, name: string): Promise<string | undefined> {
  const v = (await bgapi(esl, 'uuid_getvar', `${uuid} ${name}`)).trim();
  return v && v !== '_undef_' && !v.startsWith('-ERR') ? v : undefined;
}

async function adoptOne(d: TakeOverDeps, esl: EslAccess, callId: string, legs: TaggedChannel[]): Promise<RecoveredCall | undefined> {
  const log = d.log.child({ callId, takenOver: true });
  let caller: { ch: TaggedChannel; note: CallerNote } | undefined;
  for (const ch of legs) {
    const note = decodeNote(await getvar(esl, ch.uuid, CALLER_VAR), callerNoteSchema);
    if (note) {
      caller = { ch, note };
      break;
    }
  }
  const kill = async (chs: TaggedChannel[], why: string) => {
    for (const ch of chs) {
      if (await killChannel(esl, ch.uuid).catch(() => false)) {
        d.counted();
        log.warn({ uuid: ch.uuid, channel: ch.name, why }, 'take-over: hung up a channel');
      }
    }
  };
  if (!caller) {
    await kill(legs, 'no take-over facts on any channel of this call: nobody can claim it');
    return { callId, call: null, facts: null, found: 'hung-up', reason: 'unclaimed: no facts on its channels' };
  }
  if ((await getvar(esl, caller.ch.uuid, DETACHED_VAR)) === '1') {
    // Handed to 110/119/120 before the crash: the caller talks to them; nothing of it is the centre's.
    d.handsOff(legs.map((l) => l.uuid));
    log.info({ channels: legs.length }, 'take-over: a call handed to an outside number is left alone');
    return undefined;
  }
  const facts: CallFacts | null = decodeFacts(await getvar(esl, caller.ch.uuid, FACTS_VAR), await getvar(esl, caller.ch.uuid, STATE_VAR)) ?? null;
  const seatNote = decodeNote(await getvar(esl, caller.ch.uuid, SEAT_VAR), seatNoteSchema);
  const seatCh = seatNote ? legs.find((l) => l.uuid === seatNote.uuid) : undefined;
  const call = caller.note.call;
  const others = legs.filter((l) => l !== caller.ch && l !== seatCh);
  if (others.length) await kill(others, 'an offer or three-way leg of the bridge that died');

  if (seatNote && !seatCh) {
    // The agent's leg ended while no bridge was there: the call is over, as when an agent hangs up.
    log.warn({ seatId: seatNote.seatId }, 'take-over: the seat leg is gone; ending the call');
    await kill([caller.ch], 'its seat leg is gone');
    // Not awaited: a phone that does not answer holds a BYE for up to 32 s.
    void new AdoptedDialog(d.srf, caller.note.dialog, log).destroy();
    void new AdoptedDialog(d.srf, seatNote.dialog, log).destroy();
    return { callId, call, facts, found: 'hung-up', seatId: seatNote.seatId, reason: 'the seat leg ended during the take-over' };
  }
  const s = new CallSession(callId, call, undefined, undefined, log);
  s.adopted = true;
  s.answered = true;
  s.epoch = 0; // older than any drachtio connection of ours: the dialog probe watches it
  s.language = facts?.language ?? call.hints.language ?? 'zh';
  s.uas = new AdoptedDialog(d.srf, caller.note.dialog, log);
  const callerEp = d.adoptChannel(caller.ch.uuid);
  s.callerEp = callerEp;
  d.add(s);
  d.track(callerEp, s, 'caller');
  s.to(CallPhase.Waiting);
  s.markAnchored(true);

  if (seatNote && seatCh) {
    const seatEp = d.adoptChannel(seatCh.uuid);
    s.seat = { offerId: seatNote.offerId, seatId: seatNote.seatId, ep: seatEp, dialog: new AdoptedDialog(d.srf, seatNote.dialog, log) };
    d.track(seatEp, s, 'seat');
    s.to(CallPhase.Connected);
    if (facts?.state === 'held') {
      s.heldFrom = CallPhase.Connected;
      s.to(CallPhase.Held);
    }
    log.info({ seatId: seatNote.seatId, phase: s.phase }, 'take-over: call adopted with its seat');
    return { callId, call, facts, found: s.phase === CallPhase.Held ? 'held' : 'connected', seatId: seatNote.seatId };
  }
  log.info({ state: facts?.state ?? 'unknown' }, 'take-over: waiting caller adopted');
  return { callId, call, facts, found: 'waiting' };
}

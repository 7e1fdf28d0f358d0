/**
 * Supervision on the lab switch: a shift lead's phone is "dialled", answers after `leadAnswerMs` of
 * lab time and is then joined to the call in listen / whisper / barge, with the same events as the
 * real adapter (supervision-started / -mode / -ended). Nothing carries audio here, so the join is
 * described as who hears whom (`audio`), which trainers and tests read like the FreeSWITCH double's
 * eavesdrop record.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { TelephonyCommandError } from '../command-failure.js';
import { maskNumber } from '../mask-number.js';
import {
  SUPERVISION_MODES,
  type CallId,
  type SupervisionEndReason,
  type SupervisionMode,
  type SupervisionRequest,
  type TelephonyEvent,
} from '../telephony-port.js';

/** Who hears whom while a lead is joined: `lead` hears these parties, these parties hear the lead. */
export interface LabAudioPaths {
  leadHears: Array<'caller' | 'agent'>;
  hearLead: Array<'caller' | 'agent'>;
}

export interface LabSupervisionView {
  supervisionId: string;
  callId: CallId;
  state: 'ringing' | 'joined';
  mode: SupervisionMode;
  audio: LabAudioPaths;
}

interface Entry {
  callId: CallId;
  supervisionId: string;
  mode: SupervisionMode;
  joined: boolean;
  timer: { cancel(): void } | undefined;
}

/** Lab phones answer a lead's join after this much lab time (a fixed delay keeps scenarios replayable). */
export const LEAD_ANSWER_MS = 1_000;
const CONTACT = /^(\+?[0-9]{2,20}|sips?:[^\s<>"]{3,200})$/;

export function audioPaths(mode: SupervisionMode): LabAudioPaths {
  return {
    leadHears: ['caller', 'agent'],
    hearLead: mode === 'listen' ? [] : mode === 'whisper' ? ['agent'] : ['caller', 'agent'],
  };
}

export class LabSupervisions {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly emit: (e: TelephonyEvent) => void,
    private readonly fail: (command: string, code: 'invalid-input' | 'invalid-state', detail: string, callId: CallId) => TelephonyCommandError,
  ) {}

  /** `talking`: a seat is on the call (connected or held). */
  start(callId: CallId, req: SupervisionRequest, talking: boolean): void {
    if (!req || typeof req.supervisionId !== 'string' || !req.supervisionId || typeof req.contact !== 'string' || !CONTACT.test(req.contact.trim())) {
      throw this.fail('supervise', 'invalid-input', 'supervision needs an id and a dialable contact', callId);
    }
    if (!SUPERVISION_MODES.includes(req.mode)) throw this.fail('supervise', 'invalid-input', `unknown mode ${String(req.mode)}`, callId);
    if (this.entries.has(req.supervisionId)) throw this.fail('supervise', 'invalid-input', 'supervision id already in use', callId);
    if (!talking) throw this.fail('supervise', 'invalid-state', 'no agent is talking on the call', callId);
    const entry: Entry = { callId, supervisionId: req.supervisionId, mode: req.mode, joined: false, timer: undefined };
    entry.timer = this.clock.setTimeout(() => {
      entry.timer = undefined;
      entry.joined = true;
      this.log.info({ callId, supervisionId: entry.supervisionId, mode: entry.mode }, 'lead joined the call');
      this.emit({ type: 'supervision-started', callId, supervisionId: entry.supervisionId, mode: entry.mode });
    }, LEAD_ANSWER_MS);
    this.entries.set(req.supervisionId, entry);
    this.log.info({ callId, supervisionId: req.supervisionId, contact: maskNumber(req.contact), mode: req.mode }, 'dialling the lead');
  }

  setMode(callId: CallId, supervisionId: string, mode: SupervisionMode): void {
    if (!SUPERVISION_MODES.includes(mode)) throw this.fail('setSupervisionMode', 'invalid-input', `unknown mode ${String(mode)}`, callId);
    const e = this.entries.get(supervisionId);
    if (!e || e.callId !== callId) return; // ended already: the supervision-ended event says so
    if (!e.joined) throw this.fail('setSupervisionMode', 'invalid-state', 'the lead has not answered yet', callId);
    if (e.mode === mode) return;
    e.mode = mode;
    this.emit({ type: 'supervision-mode', callId, supervisionId, mode });
  }

  end(callId: CallId, supervisionId: string, reason: SupervisionEndReason): void {
    const e = this.entries.get(supervisionId);
    if (!e || e.callId !== callId) return;
    e.timer?.cancel();
    this.entries.delete(supervisionId);
    this.log.info({ callId, supervisionId, reason }, 'supervision ended');
    this.emit({ type: 'supervision-ended', callId, supervisionId, reason });
  }

  /** The call ended or its seat leg went: every lead on it leaves too. */
  endAll(callId: CallId, reason: SupervisionEndReason): void {
    for (const e of [...this.entries.values()]) if (e.callId === callId) this.end(callId, e.supervisionId, reason);
  }

  /** Dropped without events (the switch is stopping). */
  clear(): void {
    for (const e of this.entries.values()) e.timer?.cancel();
    this.entries.clear();
  }

  /** Lead legs up (ringing or joined), for health(). */
  get legs(): number {
    return this.entries.size;
  }

  views(callId?: CallId): LabSupervisionView[] {
    return [...this.entries.values()]
      .filter((e) => callId === undefined || e.callId === callId)
      .map((e) => ({ supervisionId: e.supervisionId, callId: e.callId, state: e.joined ? 'joined' : 'ringing', mode: e.mode, audio: audioPaths(e.mode) }));
  }

  callOf(supervisionId: string): CallId | undefined {
    return this.entries.get(supervisionId)?.callId;
  }
}

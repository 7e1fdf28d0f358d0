/**
 * A shift lead listens to, whispers to or barges into a connected call from their own phone, moves
 * between the three without redialling, and leaves. The lead's leg belongs to the telephony alone: it
 * is never a seat's call, so nothing here touches the ACD (no seat state, no occupancy, no queue).
 *
 * Rules: only leads and admins (the hub checks the role, this checks the rest); never a call on the
 * lead's own seat; one supervision per lead at a time; only the lead who started it (or an admin)
 * changes or ends it. Every start, mode change and end goes into the audit trail with who, which call,
 * which mode and how long.
 */
import { randomUUID } from 'node:crypto';
import type { SupervisionEndReason, SupervisionMode as PortMode, TelephonyCommandError } from '../../../telephony/telephony-port.js';
import { maskNumber } from '../../domain/types.js';
import type { HotlineConfig } from '../../config/schema.js';
import type { HomeSeatMode } from '../../home-seat/home-seat-mode.js';
import { CallState, CommandError, type SupervisionContact, type SupervisionMode, type SupervisionView } from '../call-center-api.js';
import type { CallRecords, CoreAccess, EventOutput, SwitchCommands } from '../call-center-context.js';

const MODES: readonly SupervisionMode[] = ['listen', 'whisper', 'barge'];
const CONTACT = /^(sips?:[^\s<>"]+|\+?[0-9]{3,20})$/;
const TALKING: readonly CallState[] = [CallState.Connected, CallState.Held];

type Ctx = Pick<CoreAccess, 'acd' | 'clock'> &
  CallRecords &
  Pick<EventOutput, 'events'> &
  SwitchCommands & { readonly config: Pick<HotlineConfig, 'users' | 'supervision'>; readonly home: Pick<HomeSeatMode, 'audit'> };

interface Live {
  view: SupervisionView;
  /** When the current mode began (the audit says how long each mode lasted). */
  modeSince: number;
}

export class SuperviseCall {
  private readonly live = new Map<string, Live>();

  constructor(private readonly ctx: Ctx) {}

  async start(lead: { id: string; name: string }, callId: string, mode: SupervisionMode, contact: SupervisionContact): Promise<SupervisionView> {
    const { ctx } = this;
    if (!MODES.includes(mode)) throw new CommandError('invalid-input', `unknown mode ${String(mode)}`);
    const call = ctx.acd.call(callId);
    if (!call || !ctx.calls.get(callId)) throw new CommandError('not-found', `no call ${callId}`);
    if (!TALKING.includes(call.state) || !call.seatId) throw new CommandError('invalid-state', `only a connected call can be supervised; this one is ${call.state}`);
    const user = ctx.config.users.find((u) => u.id === lead.id);
    if (user?.seat && user.seat === call.seatId) throw new CommandError('forbidden', 'this call is on your own seat');
    for (const l of this.live.values()) {
      if (l.view.leadId === lead.id) throw new CommandError('invalid-state', 'you are already on a call: leave it first');
    }
    const number = this.contactOf(user, contact);
    const now = ctx.clock.now();
    const view: SupervisionView = {
      id: `sv-${randomUUID()}`,
      callId,
      seatId: call.seatId,
      leadId: lead.id,
      leadName: lead.name,
      mode,
      state: 'dialling',
      requestedAt: now,
      agentSees: ctx.config.supervision.agentSees[mode],
    };
    this.live.set(view.id, { view, modeSince: now });
    const sent = await ctx.send(callId, 'supervise', () =>
      ctx.telephony.supervise(callId, { supervisionId: view.id, contact: number, mode, ringTimeoutMs: ctx.config.supervision.ringSeconds * 1000 }),
    );
    if (!sent.ok) {
      this.live.delete(view.id);
      throw failed(sent.failure, 'join the call');
    }
    ctx.calls.get(callId)?.log.info({ supervisionId: view.id, lead: lead.id, mode, contact: maskNumber(number) }, 'lead joining the call');
    this.emit(view);
    return { ...view };
  }

  async setMode(lead: { id: string; role: string }, supervisionId: string, mode: SupervisionMode): Promise<void> {
    if (!MODES.includes(mode)) throw new CommandError('invalid-input', `unknown mode ${String(mode)}`);
    const l = this.mine(lead, supervisionId);
    if (l.view.state !== 'joined') throw new CommandError('invalid-state', 'the lead has not answered yet');
    if (l.view.mode === mode) return;
    const sent = await this.ctx.send(l.view.callId, 'supervision-mode', () => this.ctx.telephony.setSupervisionMode(l.view.callId, supervisionId, mode));
    if (!sent.ok) throw failed(sent.failure, 'change the mode');
  }

  async leave(lead: { id: string; role: string }, supervisionId: string): Promise<void> {
    const l = this.mine(lead, supervisionId);
    // Urgent: leaving never waits behind another command of the call.
    const sent = await this.ctx.send(l.view.callId, 'supervision-leave', () => this.ctx.telephony.endSupervision(l.view.callId, supervisionId), { urgent: true });
    if (!sent.ok) throw failed(sent.failure, 'leave the call');
  }

  list(): SupervisionView[] {
    return [...this.live.values()].map((l) => ({ ...l.view }));
  }

  // ── what the telephony reports ───────────────────────────────────────────────────────────────

  started(supervisionId: string, mode: PortMode): void {
    const l = this.live.get(supervisionId);
    if (!l) return;
    const now = this.ctx.clock.now();
    Object.assign(l.view, { state: 'joined', joinedAt: now, mode, agentSees: this.ctx.config.supervision.agentSees[mode] });
    l.modeSince = now;
    this.audit('supervision-started', l.view, { mode });
    this.emit(l.view);
  }

  modeChanged(supervisionId: string, mode: PortMode): void {
    const l = this.live.get(supervisionId);
    if (!l || l.view.mode === mode) return;
    const now = this.ctx.clock.now();
    const from = l.view.mode;
    this.audit('supervision-mode', l.view, { from, to: mode, fromLastedMs: now - l.modeSince });
    Object.assign(l.view, { mode, agentSees: this.ctx.config.supervision.agentSees[mode] });
    l.modeSince = now;
    this.emit(l.view);
  }

  ended(supervisionId: string, reason: SupervisionEndReason): void {
    const l = this.live.get(supervisionId);
    if (!l) return;
    this.live.delete(supervisionId);
    const now = this.ctx.clock.now();
    const joined = l.view.joinedAt;
    Object.assign(l.view, { state: 'ended', endedAt: now, endReason: reason });
    this.audit('supervision-ended', l.view, { mode: l.view.mode, reason, durationMs: joined !== undefined ? now - joined : 0, joined: joined !== undefined });
    this.ctx.calls.get(l.view.callId)?.log.info({ supervisionId, reason }, 'lead left the call');
    this.emit(l.view);
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────

  /** Only the lead who started it, or an administrator, changes or ends a supervision. */
  private mine(lead: { id: string; role: string }, supervisionId: string): Live {
    const l = this.live.get(supervisionId);
    if (!l) throw new CommandError('not-found', 'no such supervision (it may have ended)');
    if (l.view.leadId !== lead.id && lead.role !== 'admin') throw new CommandError('forbidden', 'another lead is on this call');
    return l;
  }

  private contactOf(user: HotlineConfig['users'][number] | undefined, contact: SupervisionContact): string {
    if (contact.kind === 'typed') {
      const n = contact.number.trim();
      if (!CONTACT.test(n)) throw new CommandError('invalid-input', 'expected a phone number or a SIP URI');
      return n;
    }
    const onRecord = contact.kind === 'office' ? user?.officeContact : user?.homeContact;
    if (!onRecord) throw new CommandError('invalid-input', `no ${contact.kind} contact on record for you: type a number`);
    return onRecord;
  }

  private audit(action: string, v: SupervisionView, detail: Record<string, unknown>): void {
    const entry = this.ctx.home.audit.record(this.ctx.clock.now(), v.leadId, action, { callId: v.callId, seatId: v.seatId, supervisionId: v.id, ...detail });
    this.ctx.events.emit({ type: 'audit', entry });
  }

  private emit(v: SupervisionView): void {
    this.ctx.events.emit({ type: 'supervision', at: this.ctx.clock.now(), supervision: { ...v } });
  }
}

function failed(failure: TelephonyCommandError, doing: string): CommandError {
  // Unlike the agent's commands, a lead's leg failing never touches the citizen's call.
  if (failure.code === 'invalid-state') return new CommandError('invalid-state', `the switch cannot ${doing} now: ${failure.detail}`);
  if (failure.code === 'invalid-input') return new CommandError('invalid-input', `the switch refused to ${doing}: ${failure.detail}`);
  if (failure.code === 'not-connected') return new CommandError('switch-failed', `the switch is unreachable: could not ${doing}`);
  return new CommandError('switch-failed', `the switch could not ${doing} (${failure.detail}); the call goes on`);
}

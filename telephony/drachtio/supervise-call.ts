/**
 * A shift lead listens to, whispers to or barges into a connected call from their own phone.
 *
 * The lead's leg is a new FreeSWITCH endpoint whose SDP rings the lead's contact (createUAC, as for a
 * third party); once the lead answers, the endpoint runs mod_dptools `eavesdrop <seat-leg-uuid>`. The
 * eavesdropper always hears both directions of the seat leg (caller and agent). Who hears the lead
 * follows switch_ivr_eavesdrop_session (FreeSWITCH 1.10 switch_ivr_async.c):
 *   - ED_MUX_READ mixes the lead into what the seat leg *reads* (the agent's voice, which goes on to
 *     the caller), so the caller hears the lead; ED_MUX_WRITE mixes the lead into what is *written*
 *     to the agent's phone, so the agent hears the lead.
 *   - listen = neither, whisper = MUX_WRITE only, barge = both.
 * The start mode is set with the channel variables `eavesdrop_whisper_aleg` (MUX_READ) and
 * `eavesdrop_whisper_bleg` (MUX_WRITE) before the app runs. A mode change is a digit queued as if the
 * lead's phone had sent it (`uuid_recv_dtmf <lead-uuid> 0|2|3`; the eavesdrop loop reads DTMF from its
 * own channel: 0 = neither, 2 = MUX_WRITE only, 3 = both). uuid_send_dtmf would send the digit *out*
 * to the lead's phone, which the loop never sees; restarting the app would cut the audio. The lead's
 * phone keys switch modes the same way (FreeSWITCH cannot tell them apart); the bridge's record is the
 * mode asked for last, also kept on the channel as `hotline_supervision_mode` for anyone reading ESL.
 *
 * The leg never changes the call: no phase change, no seat, not in the call's phone dialogs. It ends
 * (supervision-ended with the reason) when the lead leaves or hangs up, the seat leg goes, or the
 * call ends. A FreeSWITCH step overdue on the lead's leg ends the supervision, never the call.
 */
import { TelephonyCommandError } from '../command-failure.js';
import { maskNumber } from '../mask-number.js';
import { SUPERVISION_MODES, type SupervisionEndReason, type SupervisionMode, type SupervisionRequest } from '../telephony-port.js';
import type { AdapterContext } from './adapter-context.js';
import { inCall } from './call-scope.js';
import { CallPhase, type CallSession, type SupervisorLeg } from './call-session.js';
import { CallGone, DeadlineExceeded } from './deadline.js';
import { MediaUnavailable, newEndpoint, takePhoneAnswer } from './endpoints.js';
import { ringLeg } from './ring-leg.js';
import { apiReplyBody, sipStatusOf, type EndpointLike, type SrfDialog } from './library-types.js';
import { MediaCommandFailed } from './media-control.js';
import { contactUri } from './offer-seat.js';
import { digitsOnly, headerSafe } from './sip-text.js';
import { CALL_ID_HEADER } from './tagged-channels.js';

const TALKING = [CallPhase.Connected, CallPhase.Held, CallPhase.Conference];
/** The eavesdrop loop's DTMF commands (switch_ivr_async.c): 0 = nobody hears the lead, 2 = the eavesdropped leg's phone, 3 = both sides. */
const MODE_DIGIT: Record<SupervisionMode, string> = { listen: '0', whisper: '2', barge: '3' };
export const SUPERVISION_MODE_VAR = 'hotline_supervision_mode';
export const SUPERVISION_ID_HEADER = 'X-Hotline-Supervision-ID';

function refuse(ctx: AdapterContext, s: CallSession, command: string, code: 'invalid-input' | 'invalid-state', detail: string): TelephonyCommandError {
  ctx.counters.commandFailures[code]++;
  s.log.warn({ command, code, detail }, 'telephony command refused');
  return new TelephonyCommandError(code, command, detail, s.callId);
}

/** Starts dialling the lead; the rest runs in the background (supervision-started or -ended follows). */
export async function supervise(ctx: AdapterContext, s: CallSession, req: SupervisionRequest): Promise<void> {
  if (!req || typeof req.supervisionId !== 'string' || !req.supervisionId || typeof req.contact !== 'string') {
    throw refuse(ctx, s, 'supervise', 'invalid-input', 'supervision needs an id and a contact');
  }
  if (!SUPERVISION_MODES.includes(req.mode)) throw refuse(ctx, s, 'supervise', 'invalid-input', `unknown mode ${String(req.mode)}`);
  const uri = contactUri(req.contact, ctx.cfg.outboundGateway);
  if (!uri) throw refuse(ctx, s, 'supervise', 'invalid-input', 'the lead contact is not a SIP URI or number');
  if (s.supervisors.has(req.supervisionId)) throw refuse(ctx, s, 'supervise', 'invalid-input', 'supervision id already in use');
  if (!s.seat || !TALKING.includes(s.phase)) throw refuse(ctx, s, 'supervise', 'invalid-state', `no agent is talking on the call; it is ${s.phase}`);
  const leg: SupervisorLeg = { supervisionId: req.supervisionId, mode: req.mode, ep: undefined, dialog: undefined, invite: undefined, joined: false, ended: false };
  // Registered before the first wait, so a call ending meanwhile takes this leg down with it.
  s.supervisors.set(leg.supervisionId, leg);
  try {
    leg.ep = await newEndpoint(ctx, s, 'supervisor');
  } catch (err) {
    s.supervisors.delete(leg.supervisionId);
    if (leg.ended || err instanceof CallGone || s.ended) return;
    // The port's typed failures; a slow FreeSWITCH here cost only the lead's leg, never the call.
    const code = err instanceof DeadlineExceeded ? 'timeout' : err instanceof MediaUnavailable ? 'not-connected' : 'media-error';
    ctx.counters.commandFailures[code]++;
    s.log.warn({ command: 'supervise', code, err: String(err) }, 'telephony command failed');
    throw new TelephonyCommandError(code, 'supervise', code === 'not-connected' ? 'FreeSWITCH is unreachable' : `no endpoint for the lead's leg: ${String((err as Error)?.message ?? err)}`, s.callId);
  }
  if (leg.ended) {
    ctx.releaseEndpoint(leg.ep);
    return;
  }
  s.log.info({ supervisionId: leg.supervisionId, contact: maskNumber(req.contact), mode: leg.mode }, 'dialling the lead');
  const ringMs = req.ringTimeoutMs !== undefined && req.ringTimeoutMs > 0 ? req.ringTimeoutMs : ctx.cfg.thirdPartyRingMs;
  const ep = leg.ep;
  void inCall({ callId: s.callId, owner: ctx.owner }, () => joinInBackground(ctx, s, leg, ep, uri, ringMs));
}

async function joinInBackground(ctx: AdapterContext, s: CallSession, leg: SupervisorLeg, ep: EndpointLike, uri: string, ringMs: number): Promise<void> {
  try {
    const dialog = await ringLead(ctx, s, leg, ep, uri, ringMs);
    if (leg.ended) {
      ctx.releaseDialog(dialog);
      return;
    }
    leg.dialog = dialog;
    const gone = ctx.shield(s, 'lead BYE', () => endSupervision(ctx, s, leg, 'lead-hangup'));
    dialog.on('destroy', gone);
    if (!dialog.connected) return gone();
    await ctx.within(s, takePhoneAnswer(ep, dialog.remote.sdp), 'lead endpoint takes the phone SDP');
    await ctx.within(s, ep.set('eavesdrop_whisper_aleg', String(leg.mode === 'barge')), 'setting the lead start mode');
    await ctx.within(s, ep.set('eavesdrop_whisper_bleg', String(leg.mode !== 'listen')), 'setting the lead start mode');
    await ctx.within(s, ep.set(SUPERVISION_MODE_VAR, leg.mode), 'recording the lead mode');
    const seat = s.seat;
    if (leg.ended) return;
    if (!seat || !TALKING.includes(s.phase)) return endSupervision(ctx, s, leg, 'seat-gone');
    // eavesdrop runs until the seat leg or the lead's leg goes: not awaited.
    const finished = () => {
      if (!leg.ended && s.active) endSupervision(ctx, s, leg, s.seat === seat ? 'media-failure' : 'seat-gone');
    };
    ep.execute('eavesdrop', seat.ep.uuid).then(finished, finished);
    leg.joined = true;
    s.log.info({ supervisionId: leg.supervisionId, mode: leg.mode }, 'lead joined the call');
    ctx.emit({ type: 'supervision-started', callId: s.callId, supervisionId: leg.supervisionId, mode: leg.mode });
  } catch (err) {
    if (leg.ended || err instanceof CallGone) return;
    const sipStatus = sipStatusOf(err);
    s.log.warn({ supervisionId: leg.supervisionId, sipStatus, err: sipStatus ? undefined : String(err) }, 'lead not joined');
    endSupervision(ctx, s, leg, leg.dialog ? 'media-failure' : 'lead-unreachable', sipStatus);
  }
}

/** Rings the lead's phone on the lead endpoint; resolves with the answered dialog. */
function ringLead(ctx: AdapterContext, s: CallSession, leg: SupervisorLeg, ep: EndpointLike, uri: string, ringMs: number): Promise<SrfDialog> {
  const ringing = ringLeg(ctx, {
    uri,
    ep,
    ringMs,
    who: 'lead',
    // The lead's phone shows the citizen's number: the lead is joining that citizen's call.
    callingNumber: digitsOnly(s.call.callerNumber) || 'anonymous',
    headers: { [CALL_ID_HEADER]: headerSafe(s.callId, 64), [SUPERVISION_ID_HEADER]: headerSafe(leg.supervisionId, 64) },
    onInvite: (req) => {
      leg.invite = req;
      if (leg.ended) req.cancel(() => undefined);
    },
  });
  // Leaving (or the call ending) while the phone rings: CANCEL, and stop waiting.
  leg.stopRinging = () => ringing.stop(new CallGone('dialling the lead'));
  return ringing.answered;
}

/** Move a joined lead to another mode: one digit into the eavesdrop loop. */
export async function setSupervisionMode(ctx: AdapterContext, s: CallSession, supervisionId: string, mode: SupervisionMode): Promise<void> {
  if (!SUPERVISION_MODES.includes(mode)) throw refuse(ctx, s, 'setSupervisionMode', 'invalid-input', `unknown mode ${String(mode)}`);
  const leg = s.supervisors.get(supervisionId);
  if (!leg || leg.ended) return; // over already: supervision-ended says so
  if (!leg.joined || !leg.ep) throw refuse(ctx, s, 'setSupervisionMode', 'invalid-state', 'the lead has not answered yet');
  if (leg.mode === mode) return;
  const ep = leg.ep;
  await leadStep(ctx, s, leg, 'setSupervisionMode', async () => {
    const body = apiReplyBody(await ep.api('uuid_recv_dtmf', [ep.uuid, MODE_DIGIT[mode]]));
    if (!body.startsWith('+OK')) throw new MediaCommandFailed(`uuid_recv_dtmf: ${body.trim() || 'no reply body'}`);
    // For ESL readers (the interop test, an engineer on fs_cli): FreeSWITCH does not expose the mux
    // flags. uuid_setvar, not `set`: an app queued on the channel would wait behind the running eavesdrop.
    await ep.api('uuid_setvar', [ep.uuid, SUPERVISION_MODE_VAR, mode]);
  });
  if (leg.ended) return;
  leg.mode = mode;
  s.log.info({ supervisionId, mode }, 'lead mode changed');
  ctx.emit({ type: 'supervision-mode', callId: s.callId, supervisionId, mode });
}

/**
 * One FreeSWITCH step on the lead's leg under the command deadline. An overdue reply ends the
 * supervision (its channel's socket is out of step) but never the citizen's call.
 */
async function leadStep(ctx: AdapterContext, s: CallSession, leg: SupervisorLeg, command: string, fn: () => Promise<void>): Promise<void> {
  try {
    await ctx.within(s, fn(), command);
  } catch (err) {
    if (err instanceof CallGone || s.ended) return;
    if (err instanceof DeadlineExceeded) {
      ctx.counters.commandFailures.timeout++;
      endSupervision(ctx, s, leg, 'media-failure');
      throw new TelephonyCommandError('timeout', command, `FreeSWITCH did not answer within ${err.ms} ms; the lead's leg was hung up`, s.callId);
    }
    ctx.counters.commandFailures['media-error']++;
    throw new TelephonyCommandError('media-error', command, String((err as Error)?.message ?? err).replace(/\s+/g, ' ').slice(0, 200), s.callId);
  }
}

/** Hang the lead's leg up (whatever stage it is at) and report supervision-ended once. Never throws. */
export function endSupervision(ctx: AdapterContext, s: CallSession, leg: SupervisorLeg, reason: SupervisionEndReason, sipStatus?: number): void {
  if (leg.ended) return;
  leg.ended = true;
  s.supervisors.delete(leg.supervisionId);
  leg.stopRinging?.();
  ctx.releaseDialog(leg.dialog);
  ctx.releaseEndpoint(leg.ep);
  s.log.info({ supervisionId: leg.supervisionId, reason }, 'supervision ended');
  ctx.emit({ type: 'supervision-ended', callId: s.callId, supervisionId: leg.supervisionId, reason, ...(sipStatus !== undefined ? { sipStatus } : {}) });
}

/** Every lead on the call leaves (the call ended, or its seat leg went). */
export function endSupervisions(ctx: AdapterContext, s: CallSession, reason: SupervisionEndReason): void {
  for (const leg of [...s.supervisors.values()]) endSupervision(ctx, s, leg, reason);
}

/** FreeSWITCH ended a lead's channel by itself (media timeout, kill). */
export function supervisorLost(ctx: AdapterContext, s: CallSession, ep: EndpointLike): void {
  for (const leg of s.supervisors.values()) if (leg.ep === ep) endSupervision(ctx, s, leg, 'media-failure');
}

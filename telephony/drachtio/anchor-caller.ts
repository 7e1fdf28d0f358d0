/**
 * Anchor the caller on FreeSWITCH without `connectCaller` (which leaks a channel when the caller
 * CANCELs during it): an endpoint made from the caller's SDP, then `createUAS` — or, in early-media
 * mode, a 183 with the endpoint's SDP until a seat answers. The CANCEL listener is attached by the
 * INVITE handler before anything here runs; every wait has the command deadline and gives up as soon
 * as the call dies (newEndpoint hands back an endpoint that arrives late). Recording starts with
 * write buffering off, or the file would stay empty until hang-up.
 */
import type { AdapterContext } from './adapter-context.js';
import { CallPhase, type CallSession } from './call-session.js';
import { CallGone } from './deadline.js';
import { newEndpoint } from './endpoints.js';
import type { EndpointLike } from './library-types.js';
import { apiOk, MediaCommandFailed } from './media-control.js';
import { stripLineBreaks } from './sip-text.js';
import { CALLER_VAR, dialogIdentity, encodeNote } from './call-annotations.js';

export async function anchorCaller(ctx: AdapterContext, s: CallSession): Promise<void> {
  try {
    if (s.ended) return; // CANCEL (or a bridge hang-up) before anchoring began
    if (!s.req || !s.res) throw new Error('no INVITE to anchor');
    const res = s.res;
    const ep = await newEndpoint(ctx, s, 'caller', s.req.body);
    if (s.ended) {
      // CANCEL (or a bridge hang-up) while FreeSWITCH was answering: give the channel back.
      ctx.releaseEndpoint(ep);
      return;
    }
    s.callerEp = ep;
    // Answer and start recording together.
    const answer = ctx.cfg.answerCaller === 'arrival' ? answerCaller(ctx, s) : Promise.resolve(res.send(183, { body: ep.local.sdp }));
    const record = startRecording(ep, recordingPath(ctx, s), s);
    await ctx.within(s, Promise.all([answer, record]), 'answering and recording the caller');
    s.to(CallPhase.Waiting);
    s.markAnchored(true);
    s.log.info({ answered: s.answered }, 'caller anchored');
  } catch (err) {
    s.markAnchored(false);
    if (s.ended || err instanceof CallGone) return;
    s.log.error({ err: String(err) }, 'anchoring the caller failed');
    ctx.endCall(s, 'media-failure');
  } finally {
    s.markAnchored(false); // no effect once settled; unblocks waiters if we returned early
  }
}

/** Send the 200 OK (early-media mode defers this to the seat's answer). */
export async function answerCaller(ctx: AdapterContext, s: CallSession): Promise<void> {
  if (s.answered || s.ended) return;
  const ep = s.callerEp;
  if (!ep || !s.req || !s.res) throw new Error('caller not anchored');
  const uas = await ctx.srf.createUAS(s.req, s.res, { localSdp: ep.local.sdp });
  s.uas = uas;
  s.answered = true;
  const dialog = dialogIdentity(uas, 'uas');
  if (dialog) ctx.note(s, CALLER_VAR, encodeNote({ call: s.call, dialog }));
  else s.log.warn('caller dialog identity unreadable: this call cannot be taken over by another bridge');
  uas.on('destroy', ctx.shield(s, 'caller BYE', () => ctx.endCall(s, 'caller-hangup')));
  // A BYE read in the same socket chunk as the 200's echo is handled before this line runs.
  if (!uas.connected) ctx.endCall(s, 'caller-hangup');
  else if (s.ended) ctx.releaseDialog(uas);
}

/** The recording's own variables: stereo (caller left, whoever they talk to right), buffering off. */
const RECORDING_VARS = '{RECORD_STEREO=true,enable_file_write_buffering=false}';

/**
 * Starts the call's recording with `uuid_record … start` (mod_commands, FreeSWITCH 1.10: `<uuid> start
 * <path> <limit> {var=value,…}`), not the record_session app: an app fires CHANNEL_EXECUTE and
 * CHANNEL_EXECUTE_COMPLETE, each built with every channel variable; the api answers in one short line. Same recorder underneath
 * (switch_ivr_record_session_event), same variables. A refusal (disk full, directory not writable) is
 * logged as an error and the call goes on unrecorded: the caller is not cut off for it.
 */
async function startRecording(ep: EndpointLike, path: string, s: CallSession): Promise<void> {
  try {
    await apiOk(s, ep, 'uuid_record', [ep.uuid, 'start', path, '0', RECORDING_VARS]);
  } catch (err) {
    if (!(err instanceof MediaCommandFailed)) throw err;
    s.log.error({ path, reply: err.message.slice(0, 120) }, 'FreeSWITCH did not start the recording; the call goes on unrecorded');
  }
}

function recordingPath(ctx: AdapterContext, s: CallSession): string {
  const day = new Date(ctx.clock.now()).toISOString().slice(0, 10);
  return stripLineBreaks(`${ctx.cfg.recordingsDir.replace(/\/+$/, '')}/${day}/${s.callId}.wav`);
}

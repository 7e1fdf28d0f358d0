/**
 * The `announce` command on FreeSWITCH: the announcement's prompt ids become files of the language's
 * prompt set under `promptsDir` (`<promptsDir>/<language>/<file>.wav`, see telephony/announcement.ts),
 * played in order as one `file_string://` playback, after which the hold music goes on.
 *
 * Why break the music rather than mix the voice over it (`uuid_displace … mux`): on a narrow-band
 * phone line, speech over music is hard to follow, and a media bug mixing a file into a channel gives
 * no event when it is done, so nothing could tell a test or an operator what the caller really heard.
 * A playback runs as the channel's own application, reports CHANNEL_EXECUTE / …_COMPLETE, and the
 * music starts again on that completion, with no timer of ours. A `local_stream://`
 * hold music resumes where the stream is, not from its start.
 */
import { TelephonyCommandError } from '../command-failure.js';
import { promptFileName, type Announcement } from '../announcement.js';
import type { AdapterContext } from './adapter-context.js';
import { CallPhase, type CallSession } from './call-session.js';
import { announceToCaller } from './media-control.js';

/** `file_string://<dir>/zh/greeting.wav!<dir>/zh/n-3.wav`: FreeSWITCH plays the files one after another. */
export function announcementFiles(promptsDir: string, a: Announcement): string {
  const dir = promptsDir.replace(/\/+$/, '');
  return `file_string://${a.prompts.map((p) => `${dir}/${a.language}/${promptFileName(p)}`).join('!')}`;
}

/** Resolves true when the playback started, false when a newer sound change overtook it. */
export async function announce(ctx: AdapterContext, s: CallSession, a: Announcement): Promise<boolean> {
  if (!(await s.step(s.anchored, 'anchoring'))) return false;
  if (s.phase !== CallPhase.Waiting || s.seat || s.ringingOffers().length > 0) {
    const why = s.ringingOffers().length > 0 ? 'a seat is ringing' : `the call is ${s.phase}`;
    throw new TelephonyCommandError('invalid-state', 'announce', `the caller is not waiting on music: ${why}`, s.callId);
  }
  return announceToCaller(ctx, s, announcementFiles(ctx.cfg.promptsDir, a));
}

/**
 * Channels on FreeSWITCH tagged with the hotline call they belong to. Every endpoint the adapter
 * creates carries the call id from birth: the INVITE to FreeSWITCH has an `X-Hotline-Call-ID` header,
 * which FreeSWITCH keeps as the channel variable `sip_h_X-Hotline-Call-ID`. So the channel list alone
 * says which call every channel serves — the basis for finding leaked channels (channel-reconciler.ts)
 * and for a standby bridge rebuilding live state after a take-over.
 *
 * Everything here goes over the control connection with `bgapi` (replies matched by Job-UUID, never
 * by order: one slow answer cannot shift the others) and with a deadline.
 */
import type { Clock } from '../clock.js';
import { within } from './deadline.js';
import type { EslConnectionLike } from './library-types.js';

export const CALL_ID_HEADER = 'X-Hotline-Call-ID';
export const CALL_ID_VARIABLE = `sip_h_${CALL_ID_HEADER}`;

export interface TaggedChannel {
  uuid: string;
  /** The hotline call id, or undefined for a channel that is not the bridge's. */
  callId: string | undefined;
  /** FreeSWITCH's channel name, e.g. `sofia/drachtio_mrf/drachtio@127.0.0.1:5060`. */
  name: string;
  /** Epoch seconds the channel was created (0 when FreeSWITCH did not say). */
  createdEpoch: number;
  state: string;
}

export interface EslAccess {
  conn: EslConnectionLike;
  clock: Clock;
  /** Deadline of each bgapi job. */
  timeoutMs: number;
}

/** Runs one bgapi job and resolves with its body. */
export function bgapi(esl: EslAccess, command: string, args: string): Promise<string> {
  const job = new Promise<string>((resolve) => esl.conn.bgapi(command, args, (evt) => resolve(evt.getBody() ?? '')));
  return within(esl.clock, job, esl.timeoutMs, `FreeSWITCH ${command}`);
}

interface ShowRow {
  uuid?: string;
  name?: string;
  created_epoch?: string;
  state?: string;
}

/** Parses `show channels as json` (`{"row_count":0}` when there are none). */
export function parseShowChannels(body: string): ShowRow[] {
  const text = body.trim();
  if (!text.startsWith('{')) throw new Error(`unexpected reply to show channels: ${text.slice(0, 80)}`);
  const parsed = JSON.parse(text) as { row_count?: number; rows?: ShowRow[] };
  return Array.isArray(parsed.rows) ? parsed.rows : [];
}

/** FreeSWITCH's channel list (`show channels as json`), one bgapi job. */
export async function showChannels(esl: EslAccess): Promise<ShowRow[]> {
  return parseShowChannels(await bgapi(esl, 'show', 'channels as json'));
}

/**
 * Every channel FreeSWITCH holds, with the hotline call id of those that have one. `skip` names
 * channels whose tag need not be read (the adapter knows them already).
 */
export async function listTaggedChannels(esl: EslAccess, skip: (uuid: string) => boolean = () => false): Promise<TaggedChannel[]> {
  const rows = await showChannels(esl);
  const out: TaggedChannel[] = [];
  // `show channels` reads FreeSWITCH's core database, which under overload keeps rows of channels that
  // are gone; uuid_getvar then answers "No such channel": such a row is not a channel.
  const gone = (reply: string) => /^-ERR No such channel/i.test(reply);
  const queue = rows.filter((r): r is ShowRow & { uuid: string } => typeof r.uuid === 'string' && /^[0-9a-fA-F-]{8,64}$/.test(r.uuid));
  // A few jobs at a time: a provincial FreeSWITCH can hold thousands of channels.
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) {
      let callId: string | undefined;
      if (!skip(r.uuid)) {
        const v = (await bgapi(esl, 'uuid_getvar', `${r.uuid} ${CALL_ID_VARIABLE}`)).trim();
        if (gone(v)) continue;
        callId = v && v !== '_undef_' && !v.startsWith('-ERR') ? v : undefined;
      }
      out.push({ uuid: r.uuid, callId, name: r.name ?? '', createdEpoch: Number(r.created_epoch ?? 0) || 0, state: r.state ?? '' });
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
  return out;
}

/** Hangs a channel up on FreeSWITCH (when its SIP dialog can no longer be used to do it). */
export async function killChannel(esl: EslAccess, uuid: string, cause = 'NORMAL_CLEARING'): Promise<boolean> {
  const body = await bgapi(esl, 'uuid_kill', `${uuid} ${cause}`);
  return body.startsWith('+OK');
}

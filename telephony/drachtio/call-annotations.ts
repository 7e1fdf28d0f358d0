/**
 * What a successor bridge needs to take a call over, kept on the caller's FreeSWITCH channel as
 * channel variables (they live as long as the channel, whatever happens to the process that wrote
 * them). Each value is base64url JSON: no spaces or line breaks can reach the ESL command line.
 *
 * - `hotline_caller`: the InboundCall and the caller's SIP dialog (set when the caller is answered);
 * - `hotline_seat`: the seat leg's FreeSWITCH uuid, offer, seat and the phone's SIP dialog (set when a
 *   seat is bridged, unset when it is released);
 * - `hotline_facts`: the bridge's CallFacts (TelephonyPort.annotate);
 * - `hotline_detached`: the caller was handed to 110/119/120 (the bridge no longer owns the call).
 *
 * Writing is one `bgapi uuid_setvar`, never awaited on the call path; a failure is logged.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CallFacts, InboundCall } from '../telephony-port.js';
import type { SrfDialog } from './library-types.js';
import { bgapi, type EslAccess } from './tagged-channels.js';

export const CALLER_VAR = 'hotline_caller';
export const SEAT_VAR = 'hotline_seat';
export const FACTS_VAR = 'hotline_facts';
export const DETACHED_VAR = 'hotline_detached';

/**
 * A SIP dialog as the far-end phone knows it: enough to send it an in-dialog request without the
 * SIP stack's dialog state. `id` is drachtio-server's own dialog id (used first: the server then fills
 * CSeq, route set and target itself); the rest is for building the request by hand when the server no
 * longer has the dialog.
 */
export interface DialogIdentity {
  id: string;
  callId: string;
  /** Our side: the name-addr without tag, and our tag. */
  local: string;
  localTag: string;
  /** The phone's side. */
  remote: string;
  remoteTag: string;
  /** The phone's Contact URI (remote target). */
  target: string;
  /** Route headers, in the order a request inside the dialog carries them. */
  routeSet: string[];
}

const identitySchema = z.object({
  id: z.string(),
  callId: z.string().min(1),
  local: z.string(),
  localTag: z.string(),
  remote: z.string(),
  remoteTag: z.string(),
  target: z.string().min(1),
  routeSet: z.array(z.string()),
});

const inboundSchema = z.object({
  callId: z.string(),
  callerNumber: z.string(),
  callerDisplayName: z.string(),
  callerVerified: z.boolean(),
  dialledNumber: z.string(),
  trunk: z.string().nullable(),
  hints: z.object({ language: z.string().optional(), desk: z.string().optional(), acceptLanguage: z.string().optional(), emergency: z.boolean().optional() }),
  arrivedAt: z.number(),
});

export const callerNoteSchema = z.object({ call: inboundSchema, dialog: identitySchema });
export const seatNoteSchema = z.object({ uuid: z.string().min(8), offerId: z.string(), seatId: z.string(), dialog: identitySchema });
export const factsSchema = z.object({
  state: z.enum(['waiting', 'offered', 'connected', 'held']),
  arrivedAt: z.number(),
  priority: z.number(),
  language: z.string(),
  languageStrength: z.enum(['preferred', 'required']),
  desk: z.string(),
  didLabel: z.string().optional(),
  reasons: z.array(z.object({ source: z.string(), text: z.string() })).optional(),
  seatId: z.string().optional(),
  contactMode: z.enum(['office', 'home']).optional(),
  answeredAt: z.number().optional(),
  transfers: z.number().optional(),
});

export type CallerNote = { call: InboundCall; dialog: DialogIdentity };
export type SeatNote = z.infer<typeof seatNoteSchema>;

export function encodeNote(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes a variable written by encodeNote; undefined when absent, unset or not what the schema says. */
export function decodeNote<T>(raw: string | undefined, schema: z.ZodType<T>): T | undefined {
  const v = raw?.trim();
  if (!v || v === '_undef_' || v.startsWith('-ERR')) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(v, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function decodeFacts(raw: string | undefined): CallFacts | undefined {
  return decodeNote(raw, factsSchema);
}

/** Sets (or, with `value` undefined, unsets) a variable on a channel; never throws, never blocks the caller. */
export function noteOnChannel(esl: EslAccess | undefined, log: Logger, uuid: string | undefined, name: string, value: string | undefined): void {
  void setChannelVar(esl, log, uuid, name, value);
}

/** noteOnChannel that resolves once FreeSWITCH answered (or the attempt failed, logged); never rejects. */
export async function setChannelVar(esl: EslAccess | undefined, log: Logger, uuid: string | undefined, name: string, value: string | undefined): Promise<void> {
  if (!uuid) return;
  if (!esl) {
    log.warn({ variable: name }, 'FreeSWITCH unreachable: take-over facts not recorded');
    return;
  }
  try {
    const body = await bgapi(esl, 'uuid_setvar', value === undefined ? `${uuid} ${name}` : `${uuid} ${name} ${value}`);
    if (!body.startsWith('+OK')) log.warn({ variable: name, reply: body.trim().slice(0, 80) }, 'FreeSWITCH refused a take-over fact');
  } catch (err) {
    log.warn({ variable: name, err: String(err) }, 'could not record a take-over fact');
  }
}

/**
 * The bridge's facts of one call, written one at a time and newest last: FreeSWITCH runs each bgapi
 * job in its own thread, so two writes in flight could land in either order. While one is in flight
 * only the newest of the facts that arrive meanwhile is kept; nothing is written before the caller's
 * channel exists.
 */
export class FactsWriter {
  private latest: string | undefined;
  private busy = false;

  constructor(
    private readonly write: (value: string) => Promise<void>,
    private readonly ready: Promise<boolean>,
    private readonly live: () => boolean,
  ) {}

  push(value: string): void {
    this.latest = value;
    if (this.busy) return;
    this.busy = true;
    void this.drain();
  }

  private async drain(): Promise<void> {
    try {
      if (!(await this.ready)) return;
      while (this.latest !== undefined && this.live()) {
        const v = this.latest;
        this.latest = undefined;
        await this.write(v);
      }
    } finally {
      this.busy = false;
    }
  }
}

interface DialogInternals {
  id: string;
  type?: string;
  sip?: { callId?: string; localTag?: string; remoteTag?: string };
  remote?: { uri?: string };
  req?: { get(name: string): string | undefined };
  res?: { get(name: string): string | undefined };
}

/** name-addr without its tag parameter. */
function withoutTag(value: string | undefined): string {
  return (value ?? '').replace(/;\s*tag=[^;>\s]*/i, '').trim();
}

function routes(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/,(?=\s*<)/)
    .map((r) => r.trim())
    .filter(Boolean);
}

/**
 * The identity of a dialog drachtio-srf made: `uas` (the caller's: we answered its INVITE) or `uac`
 * (a seat phone's: we sent the INVITE). Undefined when the library object lacks what we read.
 */
export function dialogIdentity(dialog: SrfDialog, kind: 'uas' | 'uac'): DialogIdentity | undefined {
  const d = dialog as unknown as DialogInternals;
  const callId = d.sip?.callId;
  const target = d.remote?.uri;
  if (!callId || !target || !d.req || !d.res) return undefined;
  const uas = kind === 'uas';
  const recordRoute = uas ? routes(d.req.get('Record-Route')) : routes(d.res.get('Record-Route')).reverse();
  return {
    id: d.id,
    callId,
    local: withoutTag(uas ? d.req.get('To') : d.req.get('From')),
    localTag: d.sip?.localTag ?? '',
    remote: withoutTag(uas ? d.req.get('From') : d.res.get('To')),
    remoteTag: d.sip?.remoteTag ?? '',
    target,
    routeSet: recordRoute,
  };
}

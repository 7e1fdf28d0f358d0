/**
 * What a successor bridge needs to take a call over, kept on the caller's FreeSWITCH channel as
 * channel variables (they live as long as the channel, whatever happens to the process that wrote
 * them). Each value is base64url JSON: no spaces or line breaks can reach the ESL command line.
 *
 * - `hotline_caller`: the InboundCall and the caller's SIP dialog (set when the caller is answered);
 * - `hotline_seat`: the seat leg's FreeSWITCH uuid, offer, seat and the phone's SIP dialog (set when a
 *   seat is bridged, unset when it is released);
 * - `hotline_facts`: the bridge's CallFacts (TelephonyPort.annotate) that last the call: arrival,
 *   priority, language, desk, reasons;
 * - `hotline_state`: the CallFacts that move (state, seat, answer time, transfers), written apart so
 *   each step of a call rewrites a hundred bytes, not the whole record;
 * - `hotline_detached`: the caller was handed to 110/119/120 (the bridge no longer owns the call).
 *
 * Why the bytes are counted: FreeSWITCH reads an event-socket command line one byte per system call
 * (freeswitch.conf.d/README.md), so a note's length is FreeSWITCH CPU on every call. A note longer
 * than a few lines is deflated (`~` + base64url), and an unchanged value is not written again.
 *
 * Writing is one `uuid_setvar` on the caller channel's command lane, one note at a time per call, never
 * awaited on the call path; a failure is logged.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CallFacts, InboundCall } from '../telephony-port.js';
import { apiReplyBody, type SrfDialog } from './library-types.js';

export const CALLER_VAR = 'hotline_caller';
export const SEAT_VAR = 'hotline_seat';
export const FACTS_VAR = 'hotline_facts';
export const STATE_VAR = 'hotline_state';
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

/** Marks a deflated note (outside base64url's alphabet, plain on FreeSWITCH's command line). */
const PACKED = '~';
/** Below this a deflated note is rarely shorter than the plain one. */
const PACK_FROM = 160;
/** A note is a few hundred bytes; anything that inflates past this is not one of ours. */
const MAX_NOTE = 64 * 1024;

/** base64url JSON, or `~` + base64url of it deflated when that is shorter. */
export function encodeNote(value: unknown): string {
  return encodeJson(JSON.stringify(value));
}

function encodeJson(text: string): string {
  const json = Buffer.from(text, 'utf8');
  const plain = json.toString('base64url');
  if (json.length < PACK_FROM) return plain;
  // A 1 KB window is plenty for a note and keeps zlib's set-up cheap (~35 µs a note).
  const packed = PACKED + deflateRawSync(json, { level: 9, windowBits: 10, memLevel: 4 }).toString('base64url');
  return packed.length < plain.length ? packed : plain;
}

/** Decodes a variable written by encodeNote; undefined when absent, unset or not what the schema says. */
export function decodeNote<T>(raw: string | undefined, schema: z.ZodType<T>): T | undefined {
  const v = raw?.trim();
  if (!v || v === '_undef_' || v.startsWith('-ERR')) return undefined;
  try {
    const bytes = v.startsWith(PACKED) ? inflateRawSync(Buffer.from(v.slice(1), 'base64url'), { maxOutputLength: MAX_NOTE }) : Buffer.from(v, 'base64url');
    const parsed = schema.safeParse(JSON.parse(bytes.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The CallFacts that change as the call moves on: `hotline_state`; the rest go to `hotline_facts`. */
const MOVING = ['state', 'seatId', 'contactMode', 'answeredAt', 'transfers'] as const;

/** The two parts a call's facts are written as: what lasts the call, and what moves. */
export function factParts(facts: CallFacts): { lasting: Record<string, unknown>; moving: Record<string, unknown> } {
  const lasting: Record<string, unknown> = { ...facts };
  const moving: Record<string, unknown> = {};
  for (const key of MOVING) {
    if (facts[key] !== undefined) moving[key] = facts[key];
    delete lasting[key];
  }
  return { lasting, moving };
}

const anyObject = z.record(z.string(), z.unknown());

/**
 * A call's facts from its two notes. A bridge of the version before the split wrote everything,
 * state included, to `hotline_facts` alone: that still reads.
 */
export function decodeFacts(rawFacts: string | undefined, rawState?: string): CallFacts | undefined {
  const lasting = decodeNote(rawFacts, anyObject);
  if (!lasting) return undefined;
  const parsed = factsSchema.safeParse({ ...lasting, ...(decodeNote(rawState, anyObject) ?? {}) });
  return parsed.success ? parsed.data : undefined;
}

/**
 * A call's notes on its caller channel, written one at a time and newest last: two writes in flight
 * could land in either order. While one is in flight only the newest value of each variable is kept;
 * a value FreeSWITCH already holds is not sent again; nothing is written before the caller's channel
 * exists, nor after the call is over.
 */
export class CallNotes {
  private readonly pending = new Map<string, string | undefined>();
  private readonly written = new Map<string, string | undefined>();
  /** Per variable, the last value set with setValue as JSON and its note. */
  private readonly encoded = new Map<string, { json: string; note: string }>();
  private busy = false;

  constructor(
    /** Sets (value undefined: unsets) one variable; resolves whether FreeSWITCH took it, never rejects. */
    private readonly write: (name: string, value: string | undefined) => Promise<boolean>,
    private readonly ready: Promise<boolean>,
    private readonly live: () => boolean,
  ) {}

  set(name: string, value: string | undefined): void {
    this.pending.delete(name); // re-inserted last: the newest change is written last
    this.pending.set(name, value);
    if (this.busy) return;
    this.busy = true;
    void this.drain();
  }

  /**
   * Sets a variable to encodeNote(value). A call's lasting facts are pushed again at every step of the
   * call and rarely change: the note of an unchanged value is reused, not deflated again.
   */
  setValue(name: string, value: unknown): void {
    const json = JSON.stringify(value);
    let memo = this.encoded.get(name);
    if (memo?.json !== json) {
      memo = { json, note: encodeJson(json) };
      this.encoded.set(name, memo);
    }
    this.set(name, memo.note);
  }

  private async drain(): Promise<void> {
    try {
      if (!(await this.ready)) return;
      while (this.pending.size && this.live()) {
        const [name, value] = this.pending.entries().next().value as [string, string | undefined];
        this.pending.delete(name);
        if (this.written.has(name) ? this.written.get(name) === value : value === undefined) continue;
        // A value FreeSWITCH refused (or never answered) is not taken for written: the next push of the
        // same value tries again instead of being skipped as unchanged.
        if (await this.write(name, value)) this.written.set(name, value);
        else this.written.delete(name);
      }
    } finally {
      this.busy = false;
    }
  }
}

/** One uuid_setvar on an endpoint's event socket: true once FreeSWITCH took it; a refusal or failure is logged, never thrown. */
export async function setVarOn(
  ep: { uuid: string; api(command: string, args?: string | string[]): Promise<unknown> } | undefined,
  log: Logger,
  name: string,
  value: string | undefined,
  within: <T>(p: Promise<T>) => Promise<T>,
): Promise<boolean> {
  if (!ep) return false;
  try {
    const body = apiReplyBody(await within(ep.api('uuid_setvar', value === undefined ? `${ep.uuid} ${name}` : `${ep.uuid} ${name} ${value}`)));
    if (body.startsWith('+OK')) return true;
    // A call that ended as its note went out: nothing left to take over, nothing to warn about.
    if (/^-ERR No such channel/i.test(body)) log.debug({ variable: name }, 'take-over fact for a channel already gone');
    else log.warn({ variable: name, reply: body.trim().slice(0, 80) }, 'FreeSWITCH refused a take-over fact');
  } catch (err) {
    log.warn({ variable: name, err: String(err) }, 'could not record a take-over fact');
  }
  return false;
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

/**
 * From an INVITE to an InboundCall: who calls (P-Asserted-Identity from a trusted trunk, else From),
 * which number they dialled (Request-URI), the untrusted display name (sanitized, capped) and the SIP
 * hints (X-Language, X-Desk, Accept-Language, X-Emergency) — believed only from a trusted trunk's
 * source address. An INVITE the adapter cannot serve is turned into a SIP error status here.
 */
import { z } from 'zod';
import type { InboundCall, SipHints } from '../telephony-port.js';
import type { SipMsgLike } from './library-types.js';
import { digitsOnly, sanitizeDisplayName } from './sip-text.js';
import type { TrustedTrunks } from './trusted-trunks.js';

export type InboundResult =
  | { ok: true; call: InboundCall; droppedHints: string[] }
  | { ok: false; status: number; reason: string };

const hintSchemas = {
  language: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/).transform((v) => v.toLowerCase()),
  desk: z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/),
  acceptLanguage: z.string().regex(/^[A-Za-z0-9,;=.*\- ]{1,128}$/),
  emergency: z.string().transform((v) => /^(1|true|yes)$/i.test(v.trim())),
};

const dialledSchema = z.string().regex(/^\+?[0-9]{3,20}$/);

interface NameAddr {
  display: string | undefined;
  uri: string;
}

/** `"Name" <sip:u@h>;tag=1`, `Name <sip:u@h>`, `sip:u@h;tag=1` → display name and URI. */
export function parseNameAddr(value: string | undefined): NameAddr | undefined {
  if (!value) return undefined;
  let v = value.trim();
  let display: string | undefined;
  // A quoted display name may itself contain '<', '>' or escaped quotes: read it first.
  const quoted = /^"((?:[^"\\]|\\.)*)"\s*/.exec(v);
  if (quoted) {
    display = quoted[1];
    v = v.slice(quoted[0].length);
  }
  const angle = /^([^<"]*)<([^>]*)>/.exec(v);
  if (angle) {
    const token = (angle[1] ?? '').trim();
    return { display: display ?? (token || undefined), uri: (angle[2] ?? '').trim() };
  }
  if (display !== undefined) return undefined;
  const uri = v.split(';')[0]?.trim() ?? '';
  return /^(sips?|tel):/i.test(uri) ? { display: undefined, uri } : undefined;
}

/** User part of a sip:/sips:/tel: URI. */
export function userOf(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const m = /^(?:sips?:([^@;?]*)@|tel:([^;?]+))/i.exec(uri.trim());
  if (!m) return undefined;
  const user = m[1] ?? m[2] ?? '';
  try {
    return decodeURIComponent(user.split(';')[0] ?? '');
  } catch {
    return undefined;
  }
}

export function parseInbound(
  req: SipMsgLike,
  ctx: { callId: string; now: number; trunks: TrustedTrunks; displayNameMax: number },
): InboundResult {
  const from = parseNameAddr(req.get('From'));
  if (!from || userOf(from.uri) === undefined) return { ok: false, status: 400, reason: 'Bad From Header' };
  if (!req.has('To')) return { ok: false, status: 400, reason: 'Missing To Header' };
  if (!req.has('Contact')) return { ok: false, status: 400, reason: 'Missing Contact Header' };
  const dialled = dialledSchema.safeParse(digitsOrRaw(userOf(req.uri)));
  if (!dialled.success) return { ok: false, status: 484, reason: 'Address Incomplete' };
  const contentType = (req.get('Content-Type') ?? 'application/sdp').toLowerCase();
  if (!req.body || !/^\s*v=0/.test(req.body) || !contentType.startsWith('application/sdp')) {
    // Anchoring needs the caller's offer; a late-offer INVITE is not served.
    return { ok: false, status: 488, reason: 'Not Acceptable Here' };
  }

  const trunk = ctx.trunks.match(req.source_address);
  const pai = trunk ? parseNameAddr(firstOf(req.get('P-Asserted-Identity'))) : undefined;
  const identity = pai && userOf(pai.uri) !== undefined ? pai : from;
  const callerNumber = numberOf(userOf(identity.uri));
  const displayName = sanitizeDisplayName(identity.display ?? from.display, ctx.displayNameMax);

  const droppedHints: string[] = [];
  const hints: SipHints = {};
  if (trunk) {
    const pick = <K extends keyof typeof hintSchemas>(key: K, header: string): z.output<(typeof hintSchemas)[K]> | undefined => {
      const raw = req.get(header);
      if (raw === undefined) return undefined;
      const parsed = hintSchemas[key].safeParse(raw.trim());
      if (!parsed.success) {
        droppedHints.push(header);
        return undefined;
      }
      return parsed.data as z.output<(typeof hintSchemas)[K]>;
    };
    const language = pick('language', 'X-Language');
    const desk = pick('desk', 'X-Desk');
    const acceptLanguage = pick('acceptLanguage', 'Accept-Language');
    const emergency = pick('emergency', 'X-Emergency');
    if (language !== undefined) hints.language = language;
    if (desk !== undefined) hints.desk = desk;
    if (acceptLanguage !== undefined) hints.acceptLanguage = acceptLanguage;
    if (emergency) hints.emergency = true;
  }

  return {
    ok: true,
    droppedHints,
    call: {
      callId: ctx.callId,
      callerNumber,
      callerDisplayName: displayName,
      callerVerified: trunk !== null && callerNumber !== '',
      dialledNumber: dialled.data,
      trunk,
      hints,
      arrivedAt: ctx.now,
    },
  };
}

/** Withheld or textual users (`anonymous`, `restricted`) give no number. */
function numberOf(user: string | undefined): string {
  if (!user || !/^\+?[0-9().\- ]{1,32}$/.test(user)) return '';
  return digitsOnly(user);
}

function digitsOrRaw(user: string | undefined): string {
  if (user === undefined) return '';
  return /^\+?[0-9().\- ]+$/.test(user) ? digitsOnly(user) : user;
}

/** A header may carry several comma-separated identities (sip and tel); the first one counts. */
function firstOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return value.split(/,(?=\s*(?:"|<|sips?:|tel:))/)[0];
}

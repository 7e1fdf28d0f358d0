/**
 * The offer a seat phone (or gateway) receives: audio only, the configured codecs in the configured
 * order (G.711 first, as desk phones and gateways expect) plus telephone-event, and SRTP keys only when
 * the contact asked for SRTP (`sips:`). FreeSWITCH's own 3pcc offer can carry video and text streams
 * and a row of crypto lines; some desk phones and gateways refuse such an INVITE, and it is about four
 * times the bytes on every ring.
 *
 * The seat leg's endpoint later gets the phone's answer as a new offer (`modify`), so FreeSWITCH takes
 * whatever subset the phone chose; nothing here needs FreeSWITCH to agree in advance.
 */

export interface LeanOptions {
  /** Codec names as in `a=rtpmap` (PCMA, PCMU, G722, opus …), in order of preference. */
  codecs: readonly string[];
  /** Keep `a=crypto` lines (and RTP/SAVP) — only for a contact that asked for SRTP. */
  srtp: boolean;
}

/** Static payload types whose rtpmap line an SDP may omit. */
const STATIC_PT: Record<string, string> = { '0': 'PCMU', '8': 'PCMA', '9': 'G722', '18': 'G729', '3': 'GSM', '4': 'G723' };

/** Returns the lean offer; an SDP it cannot read (no audio line) is returned unchanged. */
export function leanOffer(sdp: string, opts: LeanOptions): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(/\r?\n/).filter((l) => l.length > 0);
  const firstMedia = lines.findIndex((l) => l.startsWith('m='));
  if (firstMedia < 0) return sdp;
  const session = lines.slice(0, firstMedia);
  const sections: string[][] = [];
  for (const l of lines.slice(firstMedia)) {
    if (l.startsWith('m=')) sections.push([l]);
    else sections[sections.length - 1]!.push(l);
  }
  // The first audio stream FreeSWITCH offered on plain RTP (or SRTP when asked for), else the first audio stream.
  const audio = sections.filter((s) => s[0]!.startsWith('m=audio '));
  const wantProto = opts.srtp ? /RTP\/S?AVP/ : /RTP\/AVP(?!F)/;
  const chosen = audio.find((s) => wantProto.test(s[0]!) && (opts.srtp || !/SAVP/.test(s[0]!))) ?? audio[0];
  if (!chosen) return sdp;
  const out = [...session, ...leanAudio(chosen, opts)];
  return out.join(eol) + eol;
}

/** Each payload type's codec name, upper-case: its rtpmap line, else the static assignment. */
function payloadNames(pts: readonly string[], attrs: readonly string[]): Map<string, string> {
  const nameOf = new Map<string, string>();
  for (const pt of pts) if (STATIC_PT[pt]) nameOf.set(pt, STATIC_PT[pt]!);
  for (const a of attrs) {
    const r = /^a=rtpmap:(\d+) ([^/]+)/.exec(a);
    if (r) nameOf.set(r[1]!, r[2]!.toUpperCase());
  }
  return nameOf;
}

/** The payload types of the configured codecs, in the configured order. */
function configuredFirst(pts: readonly string[], nameOf: Map<string, string>, codecs: readonly string[]): string[] {
  const keep: string[] = [];
  for (const codec of codecs.map((c) => c.toUpperCase())) for (const pt of pts) if (nameOf.get(pt) === codec && !keep.includes(pt)) keep.push(pt);
  return keep;
}

function leanAudio(section: string[], opts: LeanOptions): string[] {
  const [mline, ...attrs] = section;
  const parts = mline!.split(' ');
  const [m, port, proto, ...pts] = parts;
  const nameOf = payloadNames(pts, attrs);
  const keep = configuredFirst(pts, nameOf, opts.codecs);
  // Nothing configured is on offer: keep FreeSWITCH's list rather than send an empty offer.
  if (keep.length === 0) keep.push(...pts.filter((pt) => nameOf.get(pt) !== 'TELEPHONE-EVENT'));
  for (const pt of pts) if (nameOf.get(pt) === 'TELEPHONE-EVENT' && !keep.includes(pt)) keep.push(pt);
  const ptAttr = /^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)/;
  // Each kept payload type's lines in the order of preference, then the stream's other attributes.
  const perPt = keep.flatMap((pt) => attrs.filter((a) => ptAttr.exec(a)?.[1] === pt));
  const others = attrs.filter((a) => !ptAttr.test(a) && (opts.srtp || !a.startsWith('a=crypto:')));
  const lean = [...perPt, ...others];
  const finalProto = opts.srtp ? proto : proto!.replace('SAVP', 'AVP');
  return [[m, port, finalProto, ...keep].join(' '), ...lean];
}

/** Does this contact ask for SRTP? A `sips:` URI (TLS signalling) carries its media encrypted. */
export function wantsSrtp(uri: string): boolean {
  return /^sips:/i.test(uri);
}

/**
 * The caller's offer with the configured codecs moved to the front of each audio line (nothing
 * removed: FreeSWITCH answers with the first one it supports). fsmrf does this itself when given
 * `codecs`, but then also runs `set codec_string` on the new channel: one more app, with its events,
 * on every call, for a variable only a later re-INVITE from the caller would read (and the
 * drachtio_mrf profile's codec preferences answer that the same way).
 */
export function preferCodecs(sdp: string, codecs: readonly string[]): string {
  const lines = sdp.split(/(\r?\n)/);
  return lines
    .map((l) => {
      if (!l.startsWith('m=audio ')) return l;
      const [m, port, proto, ...pts] = l.split(' ');
      const first = configuredFirst(pts, payloadNames(pts, lines), codecs);
      return [m, port, proto, ...first, ...pts.filter((pt) => !first.includes(pt))].join(' ');
    })
    .join('');
}

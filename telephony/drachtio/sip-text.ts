/**
 * Text that crosses into SIP headers or ESL commands. A CR or LF inside such a value would let a
 * caller (or a bug) add headers to an INVITE or commands to the event socket, so every value the
 * adapter writes passes through these functions.
 */

/** Removes CR, LF and other line/paragraph separators. */
export function stripLineBreaks(value: string): string {
  return value.replace(/[\r\n\u0085\u2028\u2029]/g, '');
}

/** A value for a SIP header: no line breaks, no control characters, bounded length. */
export function headerSafe(value: string, max = 256): string {
  return Array.from(stripLineBreaks(value).replace(/\p{Cc}/gu, '')).slice(0, max).join('');
}

/** A display name is untrusted text bound for a browser and a seat phone's screen. */
export function sanitizeDisplayName(raw: string | undefined, max: number): string {
  if (!raw) return '';
  let text = raw;
  // Undo the quoted-string escapes of SIP (\" and \\) before cleaning.
  text = text.replace(/\\(.)/g, '$1');
  const cleaned = text
    .replace(/<[^>]*>?/g, ' ') // markup, including an unterminated tag
    .replace(/[<>"'`\\]/g, '')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return Array.from(cleaned).slice(0, max).join('').trim();
}

/** Digits with an optional leading + (what the bridge and the number plan understand). */
export function digitsOnly(value: string | undefined): string {
  if (!value) return '';
  const plus = value.trim().startsWith('+') ? '+' : '';
  const digits = value.replace(/[^0-9]/g, '');
  return digits ? plus + digits : '';
}

/** A display name inside a quoted-string header value. */
export function quotedSafe(value: string, max: number): string {
  return sanitizeDisplayName(value, max).replace(/["\\]/g, '');
}

/**
 * Caller display names are untrusted text that ends up in a browser: strip control and format
 * characters and anything that looks like markup, collapse whitespace, cap the length.
 */
export const DISPLAY_NAME_MAX = 64;

export function sanitizeDisplayName(raw: string | undefined, max = DISPLAY_NAME_MAX): string {
  if (!raw) return '';
  const cleaned = raw
    .replace(/<[^>]*>?/g, ' ') // tags, including an unterminated one at the end
    .replace(/[<>"'`]/g, '')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // Cap by code points so a CJK or emoji name is never cut in half.
  return Array.from(cleaned).slice(0, max).join('').trim();
}

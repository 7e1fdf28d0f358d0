/**
 * `Accept-Language` (RFC 9110 §12.5.4) as a caller's softphone or a foreign-language gateway sends it:
 * `ru-RU,ru;q=0.9,en;q=0.5`. Ranked by q-value, ties in header order; q=0 means "not this one".
 */

export interface LanguageRange {
  /** Lower-case primary subtag: `ru` for `ru-RU`. */
  primary: string;
  tag: string;
  q: number;
}

const TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;
const Q = /^q=(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$/i;

/** Parsed ranges, best first. Malformed entries are skipped; `*` is skipped (it names no language). */
export function parseAcceptLanguage(header: string): LanguageRange[] {
  const ranges: (LanguageRange & { order: number })[] = [];
  header
    .slice(0, 512)
    .split(',')
    .forEach((part, order) => {
      const [rawTag, ...params] = part.split(';').map((s) => s.trim());
      if (!rawTag || !TAG.test(rawTag)) return;
      let q = 1;
      for (const p of params) {
        if (!/^q=/i.test(p)) continue;
        if (!Q.test(p)) return; // a malformed weight: drop the entry rather than guess
        q = Number(p.slice(2));
      }
      if (q <= 0) return;
      ranges.push({ primary: rawTag.split('-')[0]!.toLowerCase(), tag: rawTag, q, order });
    });
  ranges.sort((a, b) => b.q - a.q || a.order - b.order);
  return ranges.map(({ primary, tag, q }) => ({ primary, tag, q }));
}

/** The best-ranked language among `available` codes, or undefined. */
export function pickAcceptedLanguage<T extends string>(header: string, available: readonly T[]): { code: T; range: LanguageRange } | undefined {
  for (const range of parseAcceptLanguage(header)) {
    const code = available.find((c) => c === range.primary);
    if (code) return { code, range };
  }
  return undefined;
}

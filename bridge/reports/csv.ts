/**
 * CSV for spreadsheets (reports, the audit export): UTF-8 with a byte-order mark so Excel opens the
 * Chinese as Chinese; CRLF line ends and quoting per RFC 4180; and a text cell beginning with `=`, `+`,
 * `-` or `@` is neutralised with a leading single quote, since callers' names and agents' notes end up
 * in these files and a spreadsheet would otherwise run them as formulas (`=HYPERLINK(…)`).
 */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  // Figures are written as numbers; only text can carry a formula.
  let s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(headers: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const lines = [headers, ...rows].map((r) => r.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Content-Disposition for a download whose name may hold non-ASCII (RFC 6266 / 5987). */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

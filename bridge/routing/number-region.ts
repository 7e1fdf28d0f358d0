/**
 * Number region: a landline's area code says where the caller is (0906 → Altay), which suggests — never
 * requires — a seat language. Mobile numbers are not tied to a place here (number portability and
 * roaming make the home-location database a poor guess), so they give nothing.
 */
import type { HotlineConfig, RegionRule } from '../config/schema.js';
import { centreLanguage, languageLabel, seatLanguagePhrase, type LanguageClue } from './routing-clues.js';

/** National format: `+8609061234567`, `+869061234567`, `00869061234567` → `09061234567`. */
export function nationalNumber(callerNumber: string): string {
  const digits = callerNumber.replace(/[^0-9+]/g, '');
  const intl = /^(?:\+|00)86(.*)$/.exec(digits);
  if (!intl) return digits.replace(/^\+/, '');
  const rest = intl[1]!;
  if (/^1[3-9][0-9]{9}$/.test(rest) || rest.startsWith('0')) return rest;
  return '0' + rest;
}

export const isMobileNumber = (national: string): boolean => /^1[3-9][0-9]{9}$/.test(national);

/**
 * The configured region of a landline (longest matching area code), or undefined. A landline is the area
 * code followed by a 7- or 8-digit local number that does not start with 0 or 1.
 */
export function regionOf(config: HotlineConfig, callerNumber: string): RegionRule | undefined {
  const n = nationalNumber(callerNumber);
  if (!n.startsWith('0') || isMobileNumber(n)) return undefined;
  let best: RegionRule | undefined;
  for (const r of config.regions) {
    if (!n.startsWith(r.areaCode)) continue;
    const local = n.slice(r.areaCode.length);
    if (!/^[2-9][0-9]{6,7}$/.test(local)) continue;
    if (!best || r.areaCode.length > best.areaCode.length) best = r;
  }
  return best;
}

export function regionClue(config: HotlineConfig, callerNumber: string): LanguageClue | undefined {
  const r = regionOf(config, callerNumber);
  if (!r) return undefined;
  // A region of the centre's own language confirms the default rather than weakening it to "preferred".
  const strength: 'required' | 'preferred' = r.preferLanguage === centreLanguage(config) ? 'required' : 'preferred';
  return {
    language: r.preferLanguage,
    strength,
    reason: {
      source: 'region',
      text:
        strength === 'preferred'
          ? `区号 ${r.areaCode} ${r.name} → ${seatLanguagePhrase(config, r.preferLanguage, 'preferred')}`
          : `区号 ${r.areaCode} ${r.name} → ${languageLabel(config, r.preferLanguage)} (${r.preferLanguage})`,
      ...(strength === 'preferred'
        ? { key: 'region' as const, params: { areaCode: r.areaCode, seatLanguage: r.preferLanguage, strength } }
        : { key: 'regionCentre' as const, params: { areaCode: r.areaCode, language: r.preferLanguage } }),
    },
  };
}

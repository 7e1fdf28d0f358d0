/**
 * Plausible Chinese caller numbers for simulated callers: mobiles (13x/15x/18x) and landlines with the
 * area codes of the seed hotlines. Kazakh and Uyghur speakers often call from Altay / Kashgar landlines,
 * which is exactly what the bridge's number-region rules look at.
 */
import type { Rng } from './rng.js';

/** Area code → digits in a local subscriber number there. */
export const AREA_CODES: Readonly<Record<string, { place: string; localDigits: number }>> = {
  '0906': { place: 'Altay 阿勒泰', localDigits: 7 },
  '0994': { place: 'Changji 昌吉', localDigits: 7 },
  '0998': { place: 'Kashgar 喀什', localDigits: 7 },
  '0991': { place: 'Urumqi 乌鲁木齐', localDigits: 7 },
  '0898': { place: 'Haikou 海口', localDigits: 8 },
  '0818': { place: 'Dazhou 达州', localDigits: 7 },
  '0561': { place: 'Huaibei 淮北', localDigits: 7 },
};

const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139',
  '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '180', '181', '182', '183', '184', '185', '186', '187', '188', '189',
] as const;

/** Where callers of each language tend to call from: area-code weights, and the share on mobiles. */
const ORIGINS: Readonly<Record<string, { mobileShare: number; areas: Record<string, number> }>> = {
  kk: { mobileShare: 0.35, areas: { '0906': 7, '0994': 2, '0991': 1 } },
  ug: { mobileShare: 0.35, areas: { '0998': 7, '0991': 3 } },
  zh: { mobileShare: 0.65, areas: { '0898': 3, '0818': 3, '0561': 3, '0991': 2, '0994': 1, '0906': 1, '0998': 1 } },
  // Foreign residents and visitors: mostly mobiles; the landlines are Haikou's (its foreign-language seats).
  foreign: { mobileShare: 0.85, areas: { '0898': 1 } },
};

export function mobileNumber(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(8);
}

export function landlineNumber(rng: Rng, areaCode: string): string {
  const area = AREA_CODES[areaCode];
  if (!area) throw new Error(`unknown area code ${areaCode}`);
  // Local numbers do not start with 0 or 1 (those are trunk and service prefixes).
  return areaCode + String(rng.int(2, 8)) + rng.digits(area.localDigits - 1);
}

/** A number a caller speaking `language` would plausibly call from. */
export function callerNumberFor(rng: Rng, language: string): string {
  const origin = ORIGINS[language] ?? ORIGINS.foreign!;
  if (rng.chance(origin.mobileShare)) return mobileNumber(rng);
  return landlineNumber(rng, rng.weighted(origin.areas));
}

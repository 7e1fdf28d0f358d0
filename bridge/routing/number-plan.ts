/**
 * Dialled-number plan: 12345 and the national lines merged into it (12328, 12333, 12393 …), access
 * numbers for minority languages, the emergency-linkage line. The strongest routing source.
 */
import type { HotlineConfig, NumberPlanEntry } from '../config/schema.js';
import type { RoutingReason } from '../domain/types.js';
import { deskLabel, seatLanguagePhrase, type DeskClue, type LanguageClue } from './routing-clues.js';

const AREA_PREFIX = /^0[1-9][0-9]{1,2}/;

/**
 * The entry for a dialled number. A landline caller may dial the area code first ("0906 12345" reaches
 * Altay's 12345): when the number itself is not in the plan, a leading area code is tried off.
 */
export function findNumberPlanEntry(config: HotlineConfig, dialled: string): NumberPlanEntry | undefined {
  const plain = dialled.replace(/^\+86/, '');
  const exact = config.numberPlan.find((e) => e.did === dialled || e.did === plain);
  if (exact) return exact;
  const area = AREA_PREFIX.exec(plain)?.[0];
  if (!area) return undefined;
  for (const len of [3, 4]) {
    if (len > area.length) continue;
    const rest = plain.slice(len);
    const hit = config.numberPlan.find((e) => e.did === rest);
    if (hit) return hit;
  }
  return undefined;
}

export interface NumberPlanClues {
  didLabel: string;
  /** Always present: which line the caller dialled. */
  lineReason: RoutingReason;
  language?: LanguageClue;
  desk?: DeskClue;
  priority: number;
  emergency: boolean;
}

export function numberPlanClues(config: HotlineConfig, dialled: string): NumberPlanClues {
  const entry = findNumberPlanEntry(config, dialled);
  if (!entry) {
    return {
      didLabel: dialled,
      lineReason: { source: 'number-plan', text: `拨打 ${dialled}（不在号码计划中）`, key: 'didUnknown', params: { did: dialled } },
      priority: 0,
      emergency: false,
    };
  }
  const out: NumberPlanClues = {
    didLabel: entry.label,
    lineReason: { source: 'number-plan', text: `拨打 ${entry.did}（${entry.label}）`, key: 'didLine', params: { did: entry.did } },
    priority: entry.priority,
    emergency: entry.emergency,
  };
  if (entry.language) {
    out.language = {
      language: entry.language,
      strength: entry.languageStrength,
      reason: { source: 'number-plan', text: `拨打 ${entry.did} ${entry.label} → ${seatLanguagePhrase(config, entry.language, entry.languageStrength)}`,
        key: 'didLanguage',
        params: { did: entry.did, seatLanguage: entry.language, strength: entry.languageStrength },
      },
    };
  }
  if (entry.desk) {
    out.desk = { desk: entry.desk, reason: { source: 'number-plan', text: `拨打 ${entry.did} → ${deskLabel(config, entry.desk)}`, key: 'didDesk', params: { did: entry.did, desk: entry.desk } } };
  }
  return out;
}

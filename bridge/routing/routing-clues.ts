/**
 * What each routing source contributes: a language, a desk, marks. `inferTarget` picks among them by
 * precedence; every clue carries the reason text the screen-pop shows (Chinese first, codes in brackets).
 */
import type { DeskId, Language, LanguageStrength, RoutingReason } from '../domain/types.js';
import type { HotlineConfig } from '../config/schema.js';

export interface LanguageClue {
  language: Language;
  strength: LanguageStrength;
  reason: RoutingReason;
}

export interface DeskClue {
  desk: DeskId;
  reason: RoutingReason;
}

/** Chinese name of a configured language ("哈萨克语"), or the code when unnamed. */
export function languageLabel(config: HotlineConfig, code: Language): string {
  return config.languages.find((l) => l.code === code)?.name ?? code;
}

/** "需哈萨克语坐席 (kk)" or "优先哈萨克语坐席 (kk)". */
export function seatLanguagePhrase(config: HotlineConfig, code: Language, strength: LanguageStrength): string {
  return `${strength === 'required' ? '需' : '优先'}${languageLabel(config, code)}坐席 (${code})`;
}

export function deskLabel(config: HotlineConfig, desk: DeskId): string {
  return config.desks.find((d) => d.id === desk)?.name ?? desk;
}

/** The configured language for a code, if the centre staffs it (hint values are untrusted text). */
export function configuredLanguage(config: HotlineConfig, code: string): Language | undefined {
  return config.languages.find((l) => l.code === code)?.code;
}

/** The centre's own language: the first one listed. */
export function centreLanguage(config: HotlineConfig): Language {
  return config.languages[0]?.code ?? 'zh';
}

/**
 * Caller history (through CallerHistorySource): a language learned from past calls or set by an agent
 * (required — the caller has shown they need it), and tags that send the caller to a desk: repeat
 * complainants to 历史遗留, enterprises to 企业之家, deputies to 代表委员. Desks declare the tags they take
 * (`callerTags`); the first desk in configuration order that matches wins.
 */
import type { HotlineConfig } from '../config/schema.js';
import type { RoutingReason } from '../domain/types.js';
import type { CallerRoutingFacts } from '../history/history-ports.js';
import { configuredLanguage, deskLabel, seatLanguagePhrase, type DeskClue, type LanguageClue } from './routing-clues.js';

export const REPEAT_COMPLAINANT_TAG = 'repeat-complainant';

const TAG_LABELS: Readonly<Record<string, string>> = {
  'repeat-complainant': '重复投诉人',
  enterprise: '企业',
  deputy: '人大代表/政协委员',
};

export interface HistoryClues {
  language?: LanguageClue;
  desk?: DeskClue;
  ignored: string[];
}

export function historyClues(config: HotlineConfig, facts: CallerRoutingFacts): HistoryClues {
  const out: HistoryClues = { ignored: [] };
  if (facts.language) {
    const code = configuredLanguage(config, facts.language);
    if (code) {
      const why = facts.languageReason?.trim();
      const text = `${why || '来电历史'} → ${seatLanguagePhrase(config, code, 'required')}`;
      // The history's own wording travels as a key for the desktop; a free-text reason is shown as written.
      const seat = { seatLanguage: code, strength: 'required' };
      const worded: Pick<RoutingReason, 'key' | 'params'> = facts.languageReasonKey
        ? { key: facts.languageReasonKey.key, params: { ...facts.languageReasonKey.params, ...seat } }
        : why
          ? {}
          : { key: 'historyLanguage', params: seat };
      const reason: RoutingReason = { source: 'history', text, ...worded };
      out.language = { language: code, strength: 'required', reason };
    } else out.ignored.push(`history language "${facts.language}" is not staffed by this centre`);
  }

  // Open repeat-complaint tickets make a repeat complainant even before anyone tagged the caller.
  const tags = new Set(facts.tags);
  if (facts.openRepeatComplaints > 0) tags.add(REPEAT_COMPLAINANT_TAG);
  if (tags.size === 0) return out;
  for (const desk of config.desks) {
    const tag = desk.callerTags?.find((t) => tags.has(t));
    if (!tag) continue;
    const who =
      tag === REPEAT_COMPLAINANT_TAG && facts.openRepeatComplaints > 0
        ? `${TAG_LABELS[tag]}（未结历史遗留工单 ${facts.openRepeatComplaints} 件）`
        : `来电人标签：${TAG_LABELS[tag] ?? tag} (${tag})`;
    const repeat = tag === REPEAT_COMPLAINANT_TAG && facts.openRepeatComplaints > 0;
    const worded: Pick<RoutingReason, 'key' | 'params'> = repeat
      ? { key: 'historyRepeat' as const, params: { count: facts.openRepeatComplaints, desk: desk.id } }
      : { key: 'historyTag' as const, params: { tag, desk: desk.id } };
    out.desk = { desk: desk.id, reason: { source: 'history', text: `${who} → ${deskLabel(config, desk.id)}`, ...worded } };
    break;
  }
  return out;
}

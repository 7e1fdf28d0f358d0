/**
 * Routing's view of a caller (CallerHistorySource): preferred language = an agent's correction if any,
 * else learned from the caller's most recent handled contacts when at least `languageFromCalls` of the
 * latest ones (the last five) agree; tags; number of open repeat-complaint (历史遗留) tickets. One statement
 * of indexed lookups.
 */
import { sql, type Kysely } from 'kysely';
import { isLanguage, type Language } from '../domain/types.js';
import type { CallerHistorySource, CallerRoutingFacts } from '../history/history-ports.js';
import type { StoreDatabase } from './db-schema.js';
import { parseTags } from './row-mapping.js';
import { statementTemplate, type Slots } from './statement-template.js';

/** Reason texts are Chinese like every other routing reason the pop shows (zh-CN desktop first). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  zh: '普通话',
  kk: '哈萨克语',
  ug: '维吾尔语',
  en: '英语',
  ja: '日语',
  ko: '韩语',
  ru: '俄语',
};

/** MM-DD in China Standard Time (UTC+8, no DST), the hotline's local date. */
export function chinaDate(at: number): string {
  const d = new Date(at + 8 * 3600_000);
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

export class StoreHistorySource implements CallerHistorySource {
  constructor(
    private readonly db: Kysely<StoreDatabase>,
    private readonly opts: { languageFromCalls: number },
  ) {}

  /** The lookup, built once with a slot for the number (statement-template.ts). */
  private query(callerNumber: never) {
    // One statement, so one round trip to the store: on the SQLite reader thread three statements were
    // three hops through a worker that waits for a core when the machine is busy (the lookup sits on the
    // call's way to its seat). The caller row is left-joined to a one-row base so a new caller still
    // gets a row; the five most recent languages are one scalar subquery per place, newest first.
    const recentLanguage = (place: number) =>
      this.db
        .selectFrom('contacts')
        .select('language')
        .where('caller', '=', callerNumber)
        .where('caller_verified', '=', 1)
        .where('answered_at', 'is not', null)
        .where('language', 'is not', null)
        .orderBy('arrived_at', 'desc')
        .orderBy('call_id', 'desc')
        .limit(1)
        .offset(place);
    return this.db
      .selectFrom(sql<{ one: number }>`(select 1 as one)`.as('base'))
      .leftJoin('callers', (j) => j.on('callers.number', '=', callerNumber))
      .select((eb) => [
        'callers.number as known',
        'callers.preferred_language',
        'callers.language_source',
        'callers.language_set_at',
        'callers.language_set_by',
        'callers.tags',
        eb
          .selectFrom('tickets')
          .select(sql<number>`count(*)`.as('n'))
          .where('caller', '=', callerNumber)
          .where('status', '<>', 'closed')
          .where('repeat_complaint', '=', 1)
          .as('open_repeat'),
        recentLanguage(0).as('recent0'),
        recentLanguage(1).as('recent1'),
        recentLanguage(2).as('recent2'),
        recentLanguage(3).as('recent3'),
        recentLanguage(4).as('recent4'),
      ]);
  }

  async routingFacts(callerNumber: string): Promise<CallerRoutingFacts> {
    // Building and compiling this statement cost more of the bridge's thread than the lookup itself:
    // it is compiled once (statement-template.ts), and each lookup binds its caller's number.
    const lookup = statementTemplate(this.db, 'routing-facts', (v: Slots<'caller'>) => this.query(v.caller));
    const { rows } = await this.db.executeQuery(lookup.bind({ caller: callerNumber }));
    const row = rows[0];
    if (!row) throw new Error('routing facts: the lookup returned no row');
    const caller = row.known == null ? undefined : row;
    const recent = [row.recent0, row.recent1, row.recent2, row.recent3, row.recent4].filter((l): l is string => l != null).map((language) => ({ language }));
    const facts: CallerRoutingFacts = {
      tags: caller ? parseTags(caller.tags) : [],
      openRepeatComplaints: Number(row.open_repeat ?? 0),
    };
    if (caller?.language_source === 'agent' && isLanguage(caller.preferred_language)) {
      facts.language = caller.preferred_language;
      const by = caller.language_set_by ? `座席 ${caller.language_set_by} ` : '座席';
      const when = caller.language_set_at != null ? `于 ${chinaDate(caller.language_set_at)} ` : '';
      facts.languageReason = `${by}${when}更正为${LANGUAGE_NAMES[caller.preferred_language]}`;
      facts.languageReasonKey = { key: 'historyCorrected', params: { by: caller.language_set_by ?? '—', language: caller.preferred_language } };
      return facts;
    }
    const first = recent[0]?.language;
    if (isLanguage(first)) {
      let streak = 0;
      while (streak < recent.length && recent[streak]!.language === first) streak++;
      if (streak >= this.opts.languageFromCalls) {
        facts.language = first;
        facts.languageReason = streak === 1 ? `上次来电使用${LANGUAGE_NAMES[first]}` : `近${streak}次来电使用${LANGUAGE_NAMES[first]}`;
        facts.languageReasonKey = streak === 1 ? { key: 'historyLastCall', params: { language: first } } : { key: 'historyRecentCalls', params: { count: streak, language: first } };
        return facts;
      }
    }
    // A language learned earlier and saved on the caller (e.g. imported history) when the calls say nothing.
    if (caller?.language_source === 'learned' && isLanguage(caller.preferred_language)) {
      facts.language = caller.preferred_language;
      facts.languageReason = `既往来电使用${LANGUAGE_NAMES[caller.preferred_language]}`;
      facts.languageReasonKey = { key: 'historyLearned', params: { language: caller.preferred_language } };
    }
    return facts;
  }
}

/**
 * A routing reason in the UI language. The bridge sends each reason as Chinese text plus, where it can,
 * a catalogue key under `routing.` with parameters (bridge/domain/types.ts RoutingReason): desk ids,
 * language codes and dialled numbers become the UI language's names here; numbers stay left to right
 * inside right-to-left sentences (Unicode isolates, the plain-text form of <bdi dir="ltr">). A reason
 * without a key (older bridge, free text an agent wrote) is shown as sent.
 */
import { useCallback } from 'react';
import type { i18n as I18n, TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { RoutingReason } from '../api/types.js';
import { useConfigNames, type ConfigNames } from './config-names.js';
import { directionOf } from './i18n.js';
import { labelOf } from './use-label.js';

const LRI = '\u2066';
const PDI = '\u2069';

/** Parameters that are numbers or codes: kept left to right in Uyghur and Kazakh sentences. */
const LTR_PARAMS = new Set(['by', 'did', 'areaCode', 'priority', 'count', 'seat', 'trunk', 'value', 'hours', 'months']);

export function routingReasonText(t: TFunction, i18n: Pick<I18n, 'exists' | 'language'>, names: ConfigNames, r: RoutingReason): string {
  if (!r.key || !i18n.exists(`routing.${r.key}`)) return r.text;
  const rtl = directionOf(i18n.language) === 'rtl';
  const ltr = (v: string | number) => (rtl ? `${LRI}${v}${PDI}` : String(v));
  const p = r.params ?? {};
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) values[k] = LTR_PARAMS.has(k) ? ltr(v) : String(v);
  if (typeof p.desk === 'string') values.desk = names.desk(p.desk);
  if (typeof p.toDesk === 'string') values.toDesk = names.desk(p.toDesk);
  if (typeof p.language === 'string') values.language = labelOf(t, i18n, 'lang', p.language);
  if (typeof p.tag === 'string') values.tag = labelOf(t, i18n, 'callerTag', p.tag);
  if (typeof p.did === 'string') values.line = names.line(p.did);
  if (typeof p.areaCode === 'string') values.region = names.region(p.areaCode);
  if (typeof p.seatLanguage === 'string')
    values.seat = String(t(p.strength === 'preferred' ? 'routing.seatPreferred' : 'routing.seatRequired', { language: labelOf(t, i18n, 'lang', p.seatLanguage) }));
  if (r.key === 'deskClosed') {
    const parts = [p.months ? String(t('routing.months', { months: ltr(p.months) })) : '', p.hours ? ltr(p.hours) : ''].filter(Boolean);
    values.when = parts.length ? parts.join(' ') : String(t('routing.allDay'));
  }
  return String(t(`routing.${r.key}`, values));
}

export function useRoutingReason(): (r: RoutingReason) => string {
  const { t, i18n } = useTranslation();
  const names = useConfigNames();
  return useCallback((r: RoutingReason) => routingReasonText(t, i18n, names, r), [t, i18n, names]);
}

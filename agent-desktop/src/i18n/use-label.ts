/**
 * Names for data values: a wrap-up category, a Not Ready reason, a ticket status, an audit action, a
 * language code. A value that is a known catalogue id (`housing`, `break`, …) gets the catalogue's name;
 * anything else — what an agent typed, what an external work-order system sent — is shown verbatim.
 *
 * Never `t(\`category.${value}\`, { defaultValue: value })`: i18next treats a defaultValue as a template
 * (`$t(pop.overdue)` nests, `{{…}}` interpolates), and a value with `.` or `:` walks to other keys or
 * namespaces. Here the value is looked up only when it is a plain id, and otherwise never reaches i18next.
 */
import { useCallback } from 'react';
import type { i18n as I18n, TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

export type LabelPrefix = 'category' | 'reason' | 'ticketStatus' | 'outcome' | 'wrap' | 'auditAction' | 'lang' | 'callerTag';

const PLAIN_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function labelOf(t: TFunction, i18n: Pick<I18n, 'exists'>, prefix: LabelPrefix, value: string): string {
  if (!PLAIN_ID.test(value)) return value;
  const key = `${prefix}.${value}`;
  return i18n.exists(key) ? String(t(key)) : value;
}

/** `label(prefix, value)`: the catalogue name of a data value, or the value itself (see above). */
export function useLabel(): (prefix: LabelPrefix, value: string) => string {
  const { t, i18n } = useTranslation();
  return useCallback((prefix: LabelPrefix, value: string) => labelOf(t, i18n, prefix, value), [t, i18n]);
}

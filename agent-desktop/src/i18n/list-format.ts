/**
 * Lists in the UI language's own way: "普通话、哈萨克语" in Chinese, "Mandarin, Kazakh" in English,
 * "خەنزۇ تىلى، قازاق تىلى" with the Arabic comma in Uyghur and Kazakh. Intl.ListFormat does the first two;
 * ICU has no Uyghur list data (it falls back to English "and") and writes Kazakh in Cyrillic
 * conventions, so the two Arabic-script languages join with "، " themselves.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

const ARABIC_COMMA = '، ';

export function formatList(lng: string, items: readonly string[]): string {
  if (lng === 'ug' || lng === 'kk') return items.join(ARABIC_COMMA);
  if (typeof Intl !== 'undefined' && 'ListFormat' in Intl) {
    // "narrow" conjunction: plain separators, no "and" before the last item (these are tags, not prose).
    return new Intl.ListFormat(lng, { type: 'conjunction', style: 'narrow' }).format(items);
  }
  return items.join(lng === 'en' ? ', ' : '、');
}

/** The separator between items laid out one by one (each kept whole, e.g. the seat list's names). */
export function listSeparator(lng: string): string {
  if (lng === 'ug' || lng === 'kk') return ARABIC_COMMA;
  return lng === 'en' ? ', ' : '、';
}

export function useListSeparator(): string {
  const { i18n } = useTranslation();
  return listSeparator(i18n.language);
}

export function useListFormat(): (items: readonly string[]) => string {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return useCallback((items: readonly string[]) => formatList(lng, items), [lng]);
}

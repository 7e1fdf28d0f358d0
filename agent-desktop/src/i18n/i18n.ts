/**
 * UI language: zh-CN by default; English, Uyghur and Kazakh (Arabic script, as written in Xinjiang)
 * switchable and remembered per browser in localStorage. One i18next instance per call so tests can
 * render in any language without touching a global.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-cn.js';
import { en } from './en.js';
import { ug } from './ug.js';
import { kk } from './kk.js';

export type UiLanguage = 'zh-CN' | 'en' | 'ug' | 'kk';
export const UI_LANGUAGES: readonly UiLanguage[] = ['zh-CN', 'en', 'ug', 'kk'];
/**
 * Each language's name in itself (an autonym reads the same in every UI language, so it is not a
 * catalogue entry): a person who cannot read the current language still finds their own.
 */
export const UI_LANGUAGE_NAMES: Readonly<Record<UiLanguage, string>> = {
  'zh-CN': '中文',
  en: 'English',
  ug: 'ئۇيغۇرچە',
  kk: 'قازاقشا',
};
const RTL: ReadonlySet<string> = new Set(['ug', 'kk']);
const STORAGE_KEY = 'hotline.uiLanguage';

export function isUiLanguage(v: unknown): v is UiLanguage {
  return typeof v === 'string' && (UI_LANGUAGES as readonly string[]).includes(v);
}

/** Both Arabic-script languages are written right to left; the layout mirrors with them. */
export function directionOf(lng: string): 'rtl' | 'ltr' {
  return RTL.has(lng) ? 'rtl' : 'ltr';
}

/** The config's name keys (`name: {zh, en, ug, kk}`) for a UI language. */
export function configLanguageOf(lng: string): 'zh' | 'en' | 'ug' | 'kk' {
  return lng === 'en' || lng === 'ug' || lng === 'kk' ? lng : 'zh';
}

export function savedUiLanguage(): UiLanguage {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isUiLanguage(v) ? v : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function rememberUiLanguage(lng: UiLanguage): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lng);
  } catch {
    // private mode or storage disabled: the choice lasts for this page only
  }
}

/** `<html lang dir>` follow the UI language, so the browser's own text (and screen readers) do too. */
export function applyDocumentLanguage(lng: string, doc: Document | undefined = globalThis.document): void {
  if (!doc) return;
  doc.documentElement.lang = lng;
  doc.documentElement.dir = directionOf(lng);
}

export const CATALOGUES = { 'zh-CN': zhCN, en, ug, kk } as const;

export function createI18n(lng: UiLanguage = savedUiLanguage()): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: 'zh-CN',
    resources: Object.fromEntries(UI_LANGUAGES.map((l) => [l, { translation: CATALOGUES[l] }])),
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false, // resources are inline: ready synchronously
    returnNull: false,
  });
  return instance;
}

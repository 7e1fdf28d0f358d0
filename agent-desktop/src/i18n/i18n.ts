/**
 * UI language: zh-CN by default, English switchable (remembered in localStorage). One i18next instance
 * per call so tests can render in either language without touching a global.
 */
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-cn.js';
import { en } from './en.js';

export type UiLanguage = 'zh-CN' | 'en';
export const UI_LANGUAGES: readonly UiLanguage[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'hotline.uiLanguage';

export function savedUiLanguage(): UiLanguage {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    return v === 'en' ? 'en' : 'zh-CN';
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

export function createI18n(lng: UiLanguage = savedUiLanguage()): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng,
    fallbackLng: 'zh-CN',
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false, // resources are inline: ready synchronously
    returnNull: false,
  });
  return instance;
}

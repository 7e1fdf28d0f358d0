/**
 * i18next + antd locale for the whole tree. The antd locale follows the UI language so date pickers,
 * empty states and confirm buttons speak the same language as the rest of the desktop.
 */
import type { ReactNode } from 'react';
import { ConfigProvider, App as AntApp } from 'antd';
import { I18nextProvider } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import zhCNModule from 'antd/locale/zh_CN.js';
import enUSModule from 'antd/locale/en_US.js';
import { cspNonce } from './lib/csp-nonce.js';
import { directionOf } from './i18n/i18n.js';
import { kkAntd, ugAntd } from './i18n/antd-locales.js';

type Locale = NonNullable<Parameters<typeof ConfigProvider>[0]['locale']>;

/** antd ships its locales as CommonJS: Node hands us the module object, Vite its default export. */
function unwrap(m: unknown): Locale {
  let o = m as { default?: unknown; locale?: unknown };
  while (typeof o.locale !== 'string' && o.default) o = o.default as typeof o;
  return o as Locale;
}

const zhCN = unwrap(zhCNModule);
const enUS = unwrap(enUSModule);
const ug = { ...enUS, ...ugAntd, locale: 'ug' } as Locale;
const kk = { ...enUS, ...kkAntd, locale: 'kk' } as Locale;
const LOCALES: Record<string, Locale> = { en: enUS, ug, kk };
/** Read once: the page's nonce does not change while it lives. */
const csp = { nonce: cspNonce() };

export function AppProviders({ i18n, children }: { i18n: I18n; children: ReactNode }) {
  const locale = LOCALES[i18n.language] ?? zhCN;
  // Uyghur and Kazakh mirror the whole layout (antd's direction; <html dir> is set by applyDocumentLanguage).
  const direction = directionOf(i18n.language);
  return (
    <I18nextProvider i18n={i18n}>
      <ConfigProvider
        locale={locale}
        direction={direction}
        // antd's run-time <style> tags carry the page's CSP nonce (style-src has no 'unsafe-inline').
        csp={csp}
        // "签出" must read as the same word to a screen reader as it does on screen (no "签 出").
        button={{ autoInsertSpace: false }}
        theme={{
          token: {
            // Darker than antd's defaults so text and white-on-colour pass WCAG AA contrast (4.5:1).
            colorPrimary: '#0958d9',
            colorError: '#cf1322',
            colorWarning: '#ad6800',
            colorSuccess: '#237804',
            colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
            colorTextDescription: 'rgba(0, 0, 0, 0.65)',
            // Placeholders are the only label some filters have (the seat list's): readable, not faint.
            colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
            // Arabic-script fonts first for Uyghur and Kazakh (CJK fonts carry no Arabic letters).
            fontFamily:
              direction === 'rtl'
                ? '"UKIJ Tuz Tom", "Noto Naskh Arabic", "Noto Sans Arabic", "Microsoft Uighur", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif'
                : '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", system-ui, sans-serif',
          },
        }}
      >
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </I18nextProvider>
  );
}

/** Renders a component inside the desktop's providers, in the UI language a test asks for. */
import type { ReactElement, ReactNode } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import { AppProviders } from '../app-providers.js';
import { createI18n, type UiLanguage } from '../i18n/i18n.js';

export function renderUi(ui: ReactElement, lng: UiLanguage = 'zh-CN'): RenderResult {
  const i18n = createI18n(lng);
  // No motion: antd's enter/leave animations finish on timers after a test's last act(), which React
  // reports as state updates outside act(...). What a user sees does not depend on them.
  const still = (node: ReactNode) => <ConfigProvider theme={{ token: { motion: false } }}>{node}</ConfigProvider>;
  const result = render(<AppProviders i18n={i18n}>{still(ui)}</AppProviders>);
  const rerender = result.rerender;
  result.rerender = (next: ReactNode) => rerender(<AppProviders i18n={i18n}>{still(next)}</AppProviders>);
  return result;
}

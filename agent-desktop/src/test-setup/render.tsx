/** Renders a component inside the desktop's providers, in the UI language a test asks for. */
import type { ReactElement } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { AppProviders } from '../app-providers.js';
import { createI18n, type UiLanguage } from '../i18n/i18n.js';

export function renderUi(ui: ReactElement, lng: UiLanguage = 'zh-CN'): RenderResult {
  const i18n = createI18n(lng);
  return render(<AppProviders i18n={i18n}>{ui}</AppProviders>);
}

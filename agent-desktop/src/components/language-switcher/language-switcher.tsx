import { Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { UI_LANGUAGES, UI_LANGUAGE_NAMES, directionOf, type UiLanguage } from '../../i18n/i18n.js';

/**
 * The four UI languages side by side, each written in itself (and marked with its own `lang`/`dir`, so
 * a screen reader says "ئۇيغۇرچە" in Uyghur even inside the Chinese UI). One click switches.
 */
export function LanguageSwitcher({ value, onChange }: { value: string; onChange: (lng: UiLanguage) => void }) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      className="language-switcher"
      optionType="button"
      buttonStyle="solid"
      size="small"
      value={value}
      aria-label={t('app.language')}
      data-testid="language-switcher"
      onChange={(e) => onChange(e.target.value as UiLanguage)}
    >
      {UI_LANGUAGES.map((lng) => (
        <Radio.Button key={lng} value={lng} data-testid={`language-${lng}`}>
          <span lang={lng} dir={directionOf(lng)}>
            {UI_LANGUAGE_NAMES[lng]}
          </span>
        </Radio.Button>
      ))}
    </Radio.Group>
  );
}

import { Alert } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ContactMode } from '../../api/types.js';

/**
 * Shown across the top of the agent view whenever this seat's offers ring its home contact, whether the
 * whole centre switched or only this seat was overridden.
 */
export function HomeModeBanner({ contactMode, overridden }: { contactMode: ContactMode; overridden: boolean }) {
  const { t } = useTranslation();
  if (contactMode !== 'home') return null;
  return (
    <Alert
      type="info"
      showIcon
      icon={<HomeOutlined />}
      className="home-banner"
      data-testid="home-mode-banner"
      message={overridden ? `${t('mode.homeBanner')} ${t('mode.homeBannerOverride')}` : t('mode.homeBanner')}
    />
  );
}

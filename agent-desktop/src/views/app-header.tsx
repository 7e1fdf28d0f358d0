import { Button, Space } from 'antd';
import { LogoutOutlined, WifiOutlined, LoadingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DesktopUser } from '../api/types.js';
import type { DesktopState } from '../state/desktop-state.js';
import { StatusTag } from '../components/status-tag/status-tag.js';
import { LanguageSwitcher } from '../components/language-switcher/language-switcher.js';
import type { UiLanguage } from '../i18n/i18n.js';

export function AppHeader(props: { user: DesktopUser; connection: DesktopState['connection']; onChangeLanguage: (lng: UiLanguage) => void; onLogout: () => void }) {
  const { t, i18n } = useTranslation();
  const lead = props.user.role !== 'agent';
  return (
    <header className="app-header">
      <h1 className="app-title">{lead ? t('app.leadTitle') : t('app.title')}</h1>
      <Space wrap>
        <span data-testid="current-user">
          {props.user.name} ({props.user.id})
        </span>
        {props.connection === 'connected' ? (
          <StatusTag tone="ok" icon={<WifiOutlined />} testId="connection">
            {t('app.connected')}
          </StatusTag>
        ) : (
          <StatusTag tone="warn" icon={<LoadingOutlined />} testId="connection">
            {t('app.reconnecting')}
          </StatusTag>
        )}
        <LanguageSwitcher value={i18n.language} onChange={props.onChangeLanguage} />
        <Button icon={<LogoutOutlined />} onClick={props.onLogout} data-testid="logout">
          {t('app.logout')}
        </Button>
      </Space>
    </header>
  );
}

import { Button, Space } from 'antd';
import { GlobalOutlined, LogoutOutlined, WifiOutlined, LoadingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DesktopUser } from '../api/types.js';
import type { DesktopState } from '../state/desktop-state.js';
import { StatusTag } from '../components/status-tag/status-tag.js';

export function AppHeader(props: { user: DesktopUser; connection: DesktopState['connection']; onToggleLanguage: () => void; onLogout: () => void }) {
  const { t } = useTranslation();
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
        <Button icon={<GlobalOutlined />} onClick={props.onToggleLanguage} title={t('app.switchLanguageLabel')} data-testid="toggle-language">
          <span lang={t('app.switchLanguage') === 'English' ? 'en' : 'zh-CN'}>{t('app.switchLanguage')}</span>
        </Button>
        <Button icon={<LogoutOutlined />} onClick={props.onLogout} data-testid="logout">
          {t('app.logout')}
        </Button>
      </Space>
    </header>
  );
}

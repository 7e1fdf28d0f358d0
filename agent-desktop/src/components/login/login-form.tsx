/**
 * Login with seat id (or lead / admin id) and password; the bridge answers with a session token.
 * After the bridge ended a session (expired, revoked by a lead, logged out elsewhere) the form says why.
 */
import { useState } from 'react';
import { Alert, Button, Card, Input } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SessionEndedReason } from '../../api/auth-client.js';

export function LoginForm({ onLogin, ended = null }: { onLogin: (userId: string, password: string) => Promise<void>; ended?: SessionEndedReason | null }) {
  const { t } = useTranslation();
  const [userId, setUserId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = () => {
    if (!userId.trim() || !password) {
      setError(t('login.required'));
      return;
    }
    setBusy(true);
    setError(null);
    onLogin(userId.trim(), password).then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };
  return (
    <main className="login-page">
      <Card title={<h1 className="login-title">{t('login.title')}</h1>} className="login-card">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
          data-testid="login-form"
        >
          {ended && !error && (
            <Alert type="warning" showIcon message={t(`login.ended.${ended}`)} data-testid="login-session-ended" data-reason={ended} role="status" className="login-error" />
          )}
          <label className="field-label" htmlFor="login-user">
            {t('login.userId')}
          </label>
          <Input id="login-user" autoComplete="username" value={userId} onChange={(e) => setUserId(e.target.value)} maxLength={32} data-testid="login-user" autoFocus />
          <label className="field-label" htmlFor="login-password">
            {t('login.password')}
          </label>
          <Input.Password
            id="login-password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            maxLength={128}
            data-testid="login-password"
          />
          {error && <Alert type="error" showIcon message={error} data-testid="login-error" role="alert" className="login-error" />}
          <Button type="primary" htmlType="submit" icon={<LoginOutlined />} loading={busy} block className="login-submit" data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </form>
      </Card>
    </main>
  );
}

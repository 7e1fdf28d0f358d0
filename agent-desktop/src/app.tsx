/**
 * The desktop shell: login, then one live connection to the hub, then the agent or the lead view by
 * role. The UI language switch re-renders everything in place (no reload, no reconnect).
 */
import { useCallback, useMemo, useState } from 'react';
import type { i18n as I18n } from 'i18next';
import { useTranslation } from 'react-i18next';
import { AppProviders } from './app-providers.js';
import { LoginError, login, logout, savedSession, saveSession, type Session, type SessionEndedReason } from './api/auth-client.js';
import { LoginForm } from './components/login/login-form.js';
import { useHub } from './hooks/use-socket/use-hub.js';
import { applyDocumentLanguage, rememberUiLanguage, type UiLanguage } from './i18n/i18n.js';
import { LanguageSwitcher } from './components/language-switcher/language-switcher.js';
import { ConfigNamesProvider } from './i18n/config-names.js';
import { AgentView } from './views/agent-view.js';
import { AppHeader } from './views/app-header.js';
import { DrainBanner } from './components/drain-banner/drain-banner.js';
import { LeadView } from './views/lead-view.js';
import { stageLabCall } from './api/lab-client.js';
import { restLeadApi } from './api/lead-api.js';

function Desktop({ session, onLogout, onSessionEnded, onChangeLanguage }: { session: Session; onLogout: () => void; onSessionEnded: (reason: SessionEndedReason) => void; onChangeLanguage: (lng: UiLanguage) => void }) {
  const { state, commands } = useHub(session, onSessionEnded);
  const leadApi = useMemo(() => restLeadApi(session.token), [session.token]);
  const names = useMemo(() => ({ desks: state.desks, presets: state.presets, lines: state.lines, regions: state.regions }), [state.desks, state.presets, state.lines, state.regions]);
  return (
    <ConfigNamesProvider value={names}>
      <AppHeader user={state.user} connection={state.connection} onChangeLanguage={onChangeLanguage} onLogout={onLogout} />
      <div className="app-body">
        <DrainBanner drain={state.drain} />
        {session.user.role === 'agent' ? <AgentView state={state} commands={commands} /> : <LeadView state={state} commands={commands} stageCall={(req) => stageLabCall(session.token, req)} api={leadApi} />}
      </div>
    </ConfigNamesProvider>
  );
}

function Shell({ changeLanguage }: { changeLanguage: (lng: UiLanguage) => void }) {
  const { t, i18n } = useTranslation();
  const [session, setSession] = useState<Session | null>(() => savedSession());
  const [ended, setEnded] = useState<SessionEndedReason | null>(null);
  const doLogin = useCallback(
    async (userId: string, password: string) => {
      try {
        const s = await login(userId, password);
        saveSession(s);
        setEnded(null);
        setSession(s);
      } catch (e) {
        const kind = e instanceof LoginError ? e.kind : 'unreachable';
        throw new Error(kind === 'credentials' ? t('login.failed') : kind === 'rate-limited' ? t('login.rateLimited') : t('login.unreachable'));
      }
    },
    [t],
  );
  const doLogout = useCallback(() => {
    if (session) void logout(session.token);
    saveSession(null);
    setSession(null);
  }, [session]);
  // The bridge ended the session (expired, revoked, logged out elsewhere): nothing to log out, say why.
  const sessionEnded = useCallback((reason: SessionEndedReason) => {
    saveSession(null);
    setEnded(reason);
    setSession(null);
  }, []);

  if (!session)
    return (
      <>
        <div className="login-languages">
          <LanguageSwitcher value={i18n.language} onChange={changeLanguage} />
        </div>
        <LoginForm onLogin={doLogin} ended={ended} />
      </>
    );
  return <Desktop key={session.token} session={session} onLogout={doLogout} onSessionEnded={sessionEnded} onChangeLanguage={changeLanguage} />;
}

export function App({ i18n }: { i18n: I18n }) {
  // The language lives here so the antd locale (AppProviders) follows a switch too.
  const [, setLng] = useState(i18n.language);
  const changeLanguage = useCallback(
    (next: UiLanguage) => {
      rememberUiLanguage(next);
      void i18n.changeLanguage(next).then(() => {
        applyDocumentLanguage(next);
        setLng(next);
      });
    },
    [i18n],
  );
  return (
    <AppProviders i18n={i18n}>
      <Shell changeLanguage={changeLanguage} />
    </AppProviders>
  );
}

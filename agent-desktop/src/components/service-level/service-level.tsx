/**
 * The lead's service level against GB/T 33358: for the last minutes, the shift and today — share answered
 * within the threshold, connected share, waits, abandons (short ones apart) — then one window broken down
 * by line, language and desk. A figure below its target raises an alert that screen readers announce.
 */
import { Alert, Segmented } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServiceLevelView } from '../../api/types.js';
import { formatDuration, formatPercent } from '../../lib/format.js';
import { useConfigNames } from '../../i18n/config-names.js';

type WindowName = keyof ServiceLevelView['windows'];
type Figures = ServiceLevelView['windows'][WindowName];
type Row = Omit<Figures, 'from' | 'by'>;
const WINDOWS: WindowName[] = ['rolling', 'shift', 'today'];
const DIMENSIONS = ['line', 'language', 'desk'] as const;

const share = (v: number | null) => (v === null ? '—' : formatPercent(v));

/** Lines show as the dialled number (12345, 12328 …), as leads name them. */
export function ServiceLevelPanel({ view, deskNames = {} }: { view: ServiceLevelView; deskNames?: Record<string, string> }) {
  const { t } = useTranslation();
  const names = useConfigNames();
  const [picked, setPicked] = useState<WindowName>('rolling');
  const windowName = (w: WindowName) =>
    w === 'rolling' ? t('serviceLevel.windowRolling', { minutes: view.windowMinutes }) : w === 'shift' ? t('serviceLevel.windowShift', { start: view.shiftStart }) : t('serviceLevel.windowToday');
  const figureName = (f: 'answered-within' | 'connected') =>
    f === 'connected' ? t('serviceLevel.connected') : t('serviceLevel.answeredWithin', { seconds: view.answerWithinSeconds });
  const below = (w: WindowName, f: 'answered-within' | 'connected') => view.alerts.some((a) => a.window === w && a.figure === f);
  const keyName = (dim: (typeof DIMENSIONS)[number], key: string) =>
    dim === 'language' ? t(`lang.${key}`, { defaultValue: key }) : dim === 'desk' ? (deskNames[key] ?? key) : names.line(key);

  const cells = (r: Row, w?: WindowName) => (
    <>
      <td className={w && below(w, 'answered-within') ? 'sl-below' : undefined}>{share(r.answeredWithinShare)}</td>
      <td className={w && below(w, 'connected') ? 'sl-below' : undefined}>{share(r.connectedShare)}</td>
      <td>{r.arrived}</td>
      <td>{r.answered}</td>
      <td>{r.abandoned}</td>
      <td>{r.shortAbandons}</td>
      <td>{formatDuration(r.averageWaitSeconds)}</td>
      <td>{formatDuration(r.longestWaitSeconds)}</td>
    </>
  );
  const head = (first: string) => (
    <thead>
      <tr>
        <th scope="col">{first}</th>
        <th scope="col">
          {figureName('answered-within')} <span className="muted">({t('serviceLevel.target', { value: formatPercent(view.targets.answeredWithin) })})</span>
        </th>
        <th scope="col">
          {figureName('connected')} <span className="muted">({t('serviceLevel.target', { value: formatPercent(view.targets.connected) })})</span>
        </th>
        <th scope="col">{t('serviceLevel.arrived')}</th>
        <th scope="col">{t('serviceLevel.answered')}</th>
        <th scope="col">{t('serviceLevel.abandoned')}</th>
        <th scope="col">{t('serviceLevel.shortAbandons', { seconds: view.shortAbandonSeconds })}</th>
        <th scope="col">{t('serviceLevel.averageWait')}</th>
        <th scope="col">{t('serviceLevel.longestWait')}</th>
      </tr>
    </thead>
  );
  const breakdown = view.windows[picked];

  return (
    <section className="service-level" data-testid="service-level" aria-labelledby="service-level-title">
      <h3 id="service-level-title" className="section-title">
        {t('serviceLevel.title')}
      </h3>
      {/* The live region stays mounted, so an alert that appears later is announced (antd's Alert is role="alert"). */}
      <div aria-live="assertive" data-testid="sl-alerts">
        {view.alerts.length > 0 && (
          <Alert
            type="error"
            showIcon
            message={t('serviceLevel.alertTitle')}
            description={
              <ul className="sl-alert-list">
                {view.alerts.map((a) => (
                  <li key={`${a.window}/${a.figure}`} data-testid="sl-alert">
                    {t('serviceLevel.alert', { window: windowName(a.window), figure: figureName(a.figure), value: formatPercent(a.value), target: formatPercent(a.target) })}
                  </li>
                ))}
              </ul>
            }
          />
        )}
      </div>
      <table className="compact-table sl-table" data-testid="sl-windows">
        {head(t('serviceLevel.window'))}
        <tbody>
          {WINDOWS.map((w) => (
            <tr key={w} data-testid={`sl-window-${w}`}>
              <th scope="row">{windowName(w)}</th>
              {cells(view.windows[w], w)}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="sl-breakdown">
        <Segmented<WindowName>
          aria-label={t('serviceLevel.breakdownOf', { window: windowName(picked) })}
          value={picked}
          onChange={setPicked}
          options={WINDOWS.map((w) => ({ value: w, label: windowName(w) }))}
          data-testid="sl-breakdown-window"
        />
        {breakdown.arrived + breakdown.shortAbandons === 0 ? (
          <p className="muted">{t('serviceLevel.noCalls')}</p>
        ) : (
          DIMENSIONS.map((dim) => (
            <table key={dim} className="compact-table sl-table" data-testid={`sl-by-${dim}`}>
              <caption>
                {t(dim === 'line' ? 'serviceLevel.byLine' : dim === 'language' ? 'serviceLevel.byLanguage' : 'serviceLevel.byDesk')} · {windowName(picked)}
              </caption>
              {head(t(dim === 'line' ? 'serviceLevel.byLine' : dim === 'language' ? 'serviceLevel.byLanguage' : 'serviceLevel.byDesk'))}
              <tbody>
                {breakdown.by[dim].map((r) => (
                  <tr key={r.key} data-testid="sl-breakdown-row">
                    <th scope="row">{keyName(dim, r.key)}</th>
                    {cells(r)}
                  </tr>
                ))}
              </tbody>
            </table>
          ))
        )}
      </div>
    </section>
  );
}

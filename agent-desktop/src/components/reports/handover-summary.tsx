/**
 * The shift hand-over in one click: what is still waiting, open urgent matters (overdue or urged work
 * orders), seats in Not Ready and the centre mode, as a page the lead can print for the next shift.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n/use-label.js';
import type { HandoverResponse, LeadApi } from '../../api/lead-api.js';
import { formatDateTime, formatDuration } from '../../lib/format.js';

export function HandoverSummary({ api, deskNames = {}, print = () => window.print() }: {
  api: Pick<LeadApi, 'handover'>;
  deskNames?: Record<string, string>;
  print?: () => void;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  const [data, setData] = useState<HandoverResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const open = async () => {
    setBusy(true);
    setError(null);
    try {
      setData(await api.handover());
    } catch (err) {
      setError(t('reports.failed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="handover-button" data-testid="handover-open" disabled={busy} onClick={() => void open()}>
        {t('reports.handover')}
      </button>
      {error && (
        <p role="alert" className="error-text" data-testid="handover-error">
          {error}
        </p>
      )}
      {data && (
        <section className="handover-summary" aria-labelledby="handover-title" data-testid="handover-summary">
          <h2 id="handover-title" className="section-title">
            {t('reports.handoverTitle', { time: formatDateTime(data.at) })}
            {data.shifts.length > 0 && ` · ${data.shifts.map((s) => s.name).join(' / ')}`}
          </h2>
          <p data-testid="handover-mode">
            {t('reports.handoverMode', { mode: t(`mode.${data.centreMode}`) })}
            {data.presetName && ` · ${t('mode.preset', { name: data.presetName })}`}
          </p>

          <h3>{t('reports.handoverWaiting', { count: data.waitingTotal })}</h3>
          {data.waiting.length === 0 ? (
            <p className="muted">{t('reports.handoverNoneWaiting')}</p>
          ) : (
            <ul data-testid="handover-waiting">
              {data.waiting.map((w) => (
                <li key={`${w.language}-${w.desk}`}>
                  {t('reports.handoverWaitingGroup', { language: label('lang', w.language), desk: deskNames[w.desk] ?? w.desk, count: w.count, wait: formatDuration(w.longestWaitSeconds) })}
                </li>
              ))}
            </ul>
          )}

          <h3>{t('reports.handoverUrgent', { count: data.urgent.length })}</h3>
          {data.urgent.length === 0 ? (
            <p className="muted">{t('reports.handoverNoUrgent')}</p>
          ) : (
            <ul data-testid="handover-urgent">
              {data.urgent.map((u) => {
                const flags = [u.overdue ? t('reports.handoverOverdue') : '', u.dissatisfied > 0 ? t('reports.handoverDissatisfied', { count: u.dissatisfied }) : ''].filter(Boolean).join(' · ');
                return (
                  <li key={u.number}>
                    {t('reports.handoverUrgentItem', { number: u.number, category: label('category', u.category), place: u.place ?? '', status: label('ticketStatus', u.status), flags })}
                  </li>
                );
              })}
            </ul>
          )}

          <h3>{t('reports.handoverNotReady', { count: data.notReady.length })}</h3>
          {data.notReady.length === 0 ? (
            <p className="muted">{t('reports.handoverNoNotReady')}</p>
          ) : (
            <ul data-testid="handover-not-ready">
              {data.notReady.map((s) => (
                <li key={s.id}>
                  {t('reports.handoverNotReadyItem', { id: s.id, name: s.name, reason: s.reason ? label('reason', s.reason) : '—', since: formatDuration(Math.max(0, Math.round((data.at - s.since) / 1000))) })}
                </li>
              ))}
            </ul>
          )}
          <div className="handover-actions">
            <button type="button" data-testid="handover-print" onClick={print}>
              {t('reports.print')}
            </button>
            <button type="button" data-testid="handover-close" onClick={() => setData(null)}>
              {t('reports.close')}
            </button>
          </div>
        </section>
      )}
    </>
  );
}

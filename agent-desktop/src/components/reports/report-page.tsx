/**
 * The lead's report page: a period, a grouping (shift, day, line, language, desk, seat) and the
 * service-level threshold; the figures as a table and as charts, and the same report as CSV.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n/use-label.js';
import type { LeadApi, ReportGroupBy, ReportParams, ReportResponse } from '../../api/lead-api.js';
import { GroupedBarFigure } from './report-charts.js';
import { REPORT_FIGURES } from '../../../../bridge/reports/report-columns.js';

const GROUPS: ReportGroupBy[] = ['shift', 'day', 'line', 'language', 'desk', 'seat'];
const COLUMNS = REPORT_FIGURES;

/** The browser's local date as YYYY-MM-DD (the centre's desktops run on its clock). */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function ReportPage({ api, defaultAnswerWithin = 15, today = localDate(new Date()) }: {
  api: Pick<LeadApi, 'report' | 'downloadReport'>;
  defaultAnswerWithin?: number;
  /** Local date the period ends on by default (tests fix it). */
  today?: string;
}) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const [params, setParams] = useState<ReportParams>({ from: `${today.slice(0, 8)}01`, to: today, groupBy: 'shift', answerWithin: defaultAnswerWithin });
  const [report, setReport] = useState<ReportResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setReport(await api.report(params));
    } catch (err) {
      setError(t('reports.failed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  const download = () => {
    setError(null);
    api.downloadReport(params, i18n.language).catch((err: unknown) => setError(t('reports.failed', { message: (err as Error).message })));
  };

  const rowName = (r: ReportResponse['rows'][number]) => {
    if (r.key === '') return t('reports.none');
    // Language names follow the UI language; other groups come named by the bridge's config.
    return report?.groupBy === 'language' ? label('lang', r.key) : r.label;
  };
  const header = (c: (typeof COLUMNS)[number]) => t(`reports.columns.${c}`, { seconds: report?.answerWithinSeconds ?? params.answerWithin });
  const chartData = (report?.rows ?? []).map((r) => ({ label: rowName(r), arrived: r.arrived, answered: r.answered, abandoned: r.abandoned, wait: r.avgWaitSeconds }));

  return (
    <section aria-labelledby="reports-title" className="report-page" data-testid="report-page">
      <h2 id="reports-title" className="section-title">
        {t('reports.title')}
      </h2>
      <form className="report-form" onSubmit={(e) => void run(e)}>
        <fieldset>
          <legend>{t('reports.period')}</legend>
          <input type="date" aria-label={t('reports.period')} data-testid="report-from" value={params.from} required onChange={(e) => setParams({ ...params, from: e.target.value })} />
          {' – '}
          <input type="date" aria-label={t('reports.period')} data-testid="report-to" value={params.to} required onChange={(e) => setParams({ ...params, to: e.target.value })} />
        </fieldset>
        <label>
          {t('reports.groupBy')}
          <select data-testid="report-group-by" value={params.groupBy} onChange={(e) => setParams({ ...params, groupBy: e.target.value as ReportGroupBy })}>
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`reports.group.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.threshold')}
          <input
            type="number"
            min={1}
            max={600}
            data-testid="report-threshold"
            value={params.answerWithin}
            onChange={(e) => setParams({ ...params, answerWithin: Math.max(1, Math.min(600, Math.round(Number(e.target.value) || 1))) })}
          />
        </label>
        <button type="submit" data-testid="report-run" disabled={busy}>
          {t('reports.run')}
        </button>
        <button type="button" data-testid="report-download" onClick={download}>
          {t('reports.download')}
        </button>
      </form>
      {error && (
        <p role="alert" className="error-text" data-testid="report-error">
          {error}
        </p>
      )}
      {busy && <p className="muted">{t('reports.loading')}</p>}
      {report && report.rows.length === 0 && report.total.arrived === 0 && <p className="muted" data-testid="report-empty">{t('reports.empty')}</p>}
      {report && report.total.arrived > 0 && (
        <>
          <div className="report-table-wrap">
            <table className="compact-table" data-testid="report-table">
              <thead>
                <tr>
                  <th scope="col">{t(`reports.group.${report.groupBy}`)}</th>
                  {COLUMNS.map((c) => (
                    <th key={c} scope="col" className="nowrap">
                      {header(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.rows.map((r) => (
                  <tr key={r.key} data-testid="report-row" data-key={r.key}>
                    <th scope="row">{rowName(r)}</th>
                    {COLUMNS.map((c) => (
                      <td key={c}>{r[c] ?? '—'}</td>
                    ))}
                  </tr>
                ))}
                <tr data-testid="report-total" className="report-total">
                  <th scope="row">{t('reports.total')}</th>
                  {COLUMNS.map((c) => (
                    <td key={c}>{report.total[c] ?? '—'}</td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          <div className="report-charts">
            <GroupedBarFigure
              id="report-volume"
              testId="report-chart-volume"
              caption={t('reports.chartVolume')}
              data={chartData}
              series={[
                { key: 'arrived', name: header('arrived'), colour: '#0958d9' },
                { key: 'answered', name: header('answered'), colour: '#389e0d' },
                { key: 'abandoned', name: header('abandoned'), colour: '#cf1322' },
              ]}
            />
            <GroupedBarFigure id="report-wait" testId="report-chart-wait" caption={t('reports.chartWait')} data={chartData} series={[{ key: 'wait', name: header('avgWaitSeconds'), colour: '#d46b08' }]} />
          </div>
        </>
      )}
    </section>
  );
}

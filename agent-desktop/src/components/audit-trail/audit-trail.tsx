/**
 * The audit trail: mode switches, forced states, history views — newest first, each entry a sentence
 * in the UI language. With `api`, a lead filters by actor, action and dates (read from the store, paged)
 * and exports what the filter selects as CSV; without a filter the live entries show.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n/use-label.js';
import { auditSentence } from '../../i18n/audit-sentence.js';
import type { AuditEntry } from '../../api/types.js';
import type { AuditFilter, LeadApi } from '../../api/lead-api.js';
import { formatDateTime } from '../../lib/format.js';
import { Ltr } from '../../i18n/ltr.js';

/** The kinds a lead can pick from; others still show, and an unknown one can be typed in the URL. */
const ACTIONS = ['centre-mode', 'force-seat-state', 'seat-mode-override', 'history-view', 'login-locked-out', 'session-revoked', 'centre-mode-restore-failed', 'contacts-interrupted'];

type Shown = AuditEntry & { id?: number };

export function AuditTrail({
  entries,
  limit = 50,
  names,
  presets,
  api,
}: {
  entries: AuditEntry[];
  limit?: number;
  /** Display names of seats and users by id. */
  names?: Readonly<Record<string, string>>;
  presets?: Readonly<Record<string, string>>;
  api?: Pick<LeadApi, 'audit' | 'downloadAudit'>;
}) {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const [draft, setDraft] = useState<AuditFilter>({});
  const [filtered, setFiltered] = useState<{ filter: AuditFilter; entries: Shown[]; hasMore: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const ctx = useMemo(
    () => ({ t: (k: string, v?: Record<string, string | number>) => String(t(k, v)), exists: (k: string) => i18n.exists(k), names, presets }),
    [t, i18n, names, presets],
  );
  const live = [...entries].sort((a, b) => b.at - a.at).slice(0, limit);
  const shown: Shown[] = filtered ? filtered.entries : live;

  const load = async (filter: AuditFilter, more: boolean) => {
    if (!api) return;
    setBusy(true);
    setError(null);
    try {
      const before = more ? filtered?.entries.at(-1)?.id : undefined;
      const page = await api.audit({ ...filter, ...(before ? { before } : {}) });
      setFiltered({ filter, entries: more && filtered ? [...filtered.entries, ...page.entries] : page.entries, hasMore: page.hasMore });
    } catch (err) {
      setError(t('auditSentences.filter.failed', { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  const apply = (e: FormEvent) => {
    e.preventDefault();
    void load(cleaned(draft), false);
  };
  const clear = () => {
    setDraft({});
    setFiltered(null);
    setError(null);
  };
  const exportCsv = () => {
    if (!api) return;
    setError(null);
    api.downloadAudit(cleaned(draft), i18n.language).catch((err: unknown) => setError(t('auditSentences.filter.failed', { message: (err as Error).message })));
  };

  return (
    <section aria-labelledby="audit-title" data-testid="audit-trail">
      <h2 id="audit-title" className="section-title">
        {t('lead.audit')}
      </h2>
      {api && (
        <form className="audit-filter" onSubmit={apply} data-testid="audit-filter">
          <label>
            {t('auditSentences.filter.actor')}
            <input data-testid="audit-filter-actor" value={draft.actor ?? ''} maxLength={64} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} />
          </label>
          <label>
            {t('auditSentences.filter.action')}
            <select data-testid="audit-filter-action" value={draft.action ?? ''} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
              <option value="">{t('auditSentences.filter.anyAction')}</option>
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {label('auditAction', a)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('auditSentences.filter.from')}
            <input type="date" data-testid="audit-filter-from" value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </label>
          <label>
            {t('auditSentences.filter.to')}
            <input type="date" data-testid="audit-filter-to" value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </label>
          <button type="submit" data-testid="audit-filter-apply" disabled={busy}>
            {t('auditSentences.filter.apply')}
          </button>
          <button type="button" data-testid="audit-filter-clear" onClick={clear}>
            {t('auditSentences.filter.clear')}
          </button>
          <button type="button" data-testid="audit-export" onClick={exportCsv}>
            {t('auditSentences.filter.export')}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error-text" data-testid="audit-error">
          {error}
        </p>
      )}
      {busy && <p className="muted">{t('auditSentences.filter.loading')}</p>}
      {shown.length === 0 ? (
        <p className="muted">{t('lead.noAudit')}</p>
      ) : (
        <table className="compact-table">
          <thead>
            <tr>
              <th scope="col">{t('lead.auditAt')}</th>
              <th scope="col">{t('lead.auditAction')}</th>
              <th scope="col">{t('auditSentences.filter.sentence')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e, i) => (
              <tr key={e.id ?? `${e.at}-${i}`} data-testid="audit-entry" data-action={e.action} data-actor={e.actor}>
                <td>
                  <Ltr>{formatDateTime(e.at)}</Ltr>
                </td>
                <td>{label('auditAction', e.action)}</td>
                <td className="audit-detail" data-testid="audit-sentence">
                  {auditSentence(e, ctx)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {filtered?.hasMore && (
        <button type="button" data-testid="audit-more" disabled={busy} onClick={() => void load(filtered.filter, true)}>
          {t('auditSentences.filter.more')}
        </button>
      )}
    </section>
  );
}

function cleaned(f: AuditFilter): AuditFilter {
  const out: AuditFilter = {};
  if (f.actor?.trim()) out.actor = f.actor.trim();
  if (f.action) out.action = f.action;
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  return out;
}

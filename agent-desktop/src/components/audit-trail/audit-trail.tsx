/** The audit trail: mode switches, forced states, history views — newest first, as the bridge logged them. */
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n/use-label.js';
import type { AuditEntry } from '../../api/types.js';
import { formatDateTime } from '../../lib/format.js';
import { Ltr } from '../../i18n/ltr.js';

function describe(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

export function AuditTrail({ entries, limit = 50 }: { entries: AuditEntry[]; limit?: number }) {
  const { t } = useTranslation();
  const label = useLabel();
  const shown = [...entries].sort((a, b) => b.at - a.at).slice(0, limit);
  return (
    <section aria-labelledby="audit-title" data-testid="audit-trail">
      <h2 id="audit-title" className="section-title">
        {t('lead.audit')}
      </h2>
      {shown.length === 0 ? (
        <p className="muted">{t('lead.noAudit')}</p>
      ) : (
        <table className="compact-table">
          <thead>
            <tr>
              <th scope="col">{t('lead.auditAt')}</th>
              <th scope="col">{t('lead.auditActor')}</th>
              <th scope="col">{t('lead.auditAction')}</th>
              <th scope="col">{t('lead.auditDetail')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e, i) => (
              <tr key={`${e.at}-${i}`} data-testid="audit-entry" data-action={e.action}>
                <td>
                  <Ltr>{formatDateTime(e.at)}</Ltr>
                </td>
                <td>{e.actor}</td>
                <td>{label('auditAction', e.action)}</td>
                <td className="audit-detail">{describe(e.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

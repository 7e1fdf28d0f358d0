import { WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n/use-label.js';
import type { ScreenPopContact, ScreenPopTicket } from '../../api/types.js';
import { formatDateTime } from '../../lib/format.js';
import { Ltr } from '../../i18n/ltr.js';
import { StatusTag } from '../status-tag/status-tag.js';

/** Last contacts, newest first, as a compact table an agent scans in a second. */
export function PopContacts({ contacts, deskNames }: { contacts: ScreenPopContact[]; deskNames: Record<string, string> }) {
  const { t } = useTranslation();
  // Categories are what an agent typed at wrap-up: a known id gets its name, anything else shows as typed.
  const label = useLabel();
  return (
    <section className="pop-section" aria-labelledby="pop-contacts-title">
      <h3 id="pop-contacts-title">{t('pop.lastContacts')}</h3>
      {contacts.length === 0 ? (
        <p className="muted">{t('pop.noContacts')}</p>
      ) : (
        <table className="compact-table" data-testid="pop-contacts">
          <thead>
            <tr>
              <th scope="col">{t('pop.when')}</th>
              <th scope="col">{t('pop.category')}</th>
              <th scope="col">{t('pop.language')}</th>
              <th scope="col">{t('pop.desk')}</th>
              <th scope="col">{t('pop.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {contacts.map((c, i) => (
              <tr key={`${c.at}-${i}`} data-testid="pop-contact">
                <td className="nowrap">
                  <Ltr>{formatDateTime(c.at)}</Ltr>
                </td>
                <td>{c.category ? label('category', c.category) : '—'}</td>
                <td>{c.language ? label('lang', c.language) : '—'}</td>
                <td>{c.desk ? (deskNames[c.desk] ?? c.desk) : '—'}</td>
                <td>{label('outcome', c.outcome) !== c.outcome ? label('outcome', c.outcome) : label('wrap', c.outcome)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Open work orders with their due time; an overdue one says so in words and with an icon. */
export function PopTickets({ tickets }: { tickets: ScreenPopTicket[] }) {
  const { t } = useTranslation();
  // Tickets may come from an external work-order system: its categories and statuses are data, not keys.
  const label = useLabel();
  return (
    <section className="pop-section" aria-labelledby="pop-tickets-title">
      <h3 id="pop-tickets-title">{t('pop.openTickets')}</h3>
      {tickets.length === 0 ? (
        <p className="muted">{t('pop.noTickets')}</p>
      ) : (
        <table className="compact-table" data-testid="pop-tickets">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('pop.category')}</th>
              <th scope="col">{t('pop.status')}</th>
              <th scope="col">{t('pop.due')}</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((k) => (
              <tr key={k.number} data-testid="pop-ticket" className={k.overdue ? 'overdue' : undefined}>
                <td className="nowrap">{k.number}</td>
                <td>
                  {label('category', k.category)}
                  {k.place ? ` · ${k.place}` : ''}
                </td>
                <td>
                  {label('ticketStatus', k.status)}
                  {k.dissatisfiedCount > 0 ? ` · ${t('pop.dissatisfied', { count: k.dissatisfiedCount })}` : ''}
                </td>
                <td>
                  {k.dueAt !== null ? <Ltr>{formatDateTime(k.dueAt)}</Ltr> : t('pop.noDue')}{' '}
                  {k.overdue && (
                    <StatusTag tone="danger" icon={<WarningOutlined />} testId="pop-ticket-overdue">
                      {t('pop.overdue')}
                    </StatusTag>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

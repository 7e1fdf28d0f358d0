import { AlertOutlined, ExclamationCircleOutlined, FlagOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n/use-label.js';
import type { ScreenPopFlag } from '../../api/types.js';
import { StatusTag } from '../status-tag/status-tag.js';

/** 一人多次 / 一事多人 / 催办 / 督办: each flag names itself in words and carries its evidence. */
export function PopFlags({ flags }: { flags: ScreenPopFlag[] }) {
  const { t } = useTranslation();
  const label = useLabel();
  if (flags.length === 0) return null;
  return (
    <ul className="pop-flags" aria-label={t('pop.flags')}>
      {flags.map((f, i) => {
        switch (f.kind) {
          case 'repeat-caller':
            return (
              <li key={i} data-testid="pop-flag-repeat-caller">
                <StatusTag tone="warn" icon={<ExclamationCircleOutlined />}>{t('flag.repeat-caller')}</StatusTag>
                <span>{t('flag.repeatCallerDetail', { category: label('category', f.category), count: f.count, days: f.days })}</span>
              </li>
            );
          case 'same-matter':
            return (
              <li key={i} data-testid="pop-flag-same-matter">
                <StatusTag tone="warn" icon={<TeamOutlined />}>{t('flag.same-matter')}</StatusTag>
                <span>{t('flag.sameMatterDetail', { category: label('category', f.category), place: f.place, callers: f.callers, days: f.days })}</span>
              </li>
            );
          case 'urged':
            return (
              <li key={i} data-testid="pop-flag-urged">
                <StatusTag tone="danger" icon={<FlagOutlined />}>{t('flag.urged')}</StatusTag>
                <span>{t('flag.ticketDetail', { ticket: f.ticket, count: f.dissatisfied })}</span>
              </li>
            );
          case 'supervised':
            return (
              <li key={i} data-testid="pop-flag-supervised">
                <StatusTag tone="danger" icon={<AlertOutlined />}>{t('flag.supervised')}</StatusTag>
                <span>{t('flag.ticketDetail', { ticket: f.ticket, count: f.dissatisfied })}</span>
              </li>
            );
          default:
            return null;
        }
      })}
    </ul>
  );
}

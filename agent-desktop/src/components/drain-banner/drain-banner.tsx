/**
 * The bridge is shutting down (a drain): no new calls reach the centre, calls already here are served
 * until the time shown. Agents finish what they hold; leads see it above the wallboard.
 */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DrainState } from '../../api/types.js';
import { formatTime } from '../../lib/format.js';

export function DrainBanner({ drain }: { drain?: DrainState }) {
  const { t } = useTranslation();
  if (!drain) return null;
  return (
    <Alert
      type="warning"
      showIcon
      role="status"
      data-testid="drain-banner"
      message={t('drain.title')}
      description={<span dir="auto">{t('drain.body', { until: formatTime(drain.until) })}</span>}
    />
  );
}

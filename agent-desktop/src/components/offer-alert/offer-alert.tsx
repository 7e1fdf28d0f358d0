/**
 * An offer ringing this seat: ring tone, how long before it goes elsewhere, accept / reject, and the
 * screen-pop — all before the agent answers.
 */
import { Button, Space } from 'antd';
import { BellOutlined, CloseCircleOutlined, PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ScreenPop } from '../../api/types.js';
import { useCountdown, useElapsed } from '../../hooks/use-countdown/use-countdown.js';
import { useRing } from '../../hooks/use-ring/use-ring.js';
import { ScreenPopCard } from '../screen-pop/screen-pop.js';

export interface OfferAlertProps {
  pop: ScreenPop;
  /** Epoch ms when the offer reached this desktop, and how long it rings. */
  receivedAt: number;
  ringTimeoutMs: number;
  deskNames?: Record<string, string>;
  onAccept: () => void;
  onReject: () => void;
  busy?: boolean;
  /** Tests and the lead's preview turn the ring tone off. */
  silent?: boolean;
}

export function OfferAlert({ pop, receivedAt, ringTimeoutMs, deskNames, onAccept, onReject, busy, silent }: OfferAlertProps) {
  const { t } = useTranslation();
  useRing(!silent);
  const left = useCountdown(receivedAt + ringTimeoutMs) ?? 0;
  const waited = (useElapsed(receivedAt) ?? 0) + pop.call.waitSeconds;
  return (
    <section className="offer-alert" data-testid="offer-alert" aria-labelledby="offer-title">
      <div className="offer-head">
        <h2 id="offer-title" className="offer-title">
          <BellOutlined className="ringing-icon" aria-hidden /> {t('offer.incoming')}
        </h2>
        <span className="muted" data-testid="offer-rings-left">
          {t('offer.ringsLeft', { seconds: left })}
        </span>
        <Space>
          <Button type="primary" size="large" icon={<PhoneOutlined />} onClick={onAccept} disabled={busy} data-testid="offer-accept" className="accept-button">
            {t('offer.accept')} <kbd>Ctrl+Shift+A</kbd>
          </Button>
          <Button size="large" danger icon={<CloseCircleOutlined />} onClick={onReject} disabled={busy} data-testid="offer-reject">
            {t('offer.reject')} <kbd>Ctrl+Shift+R</kbd>
          </Button>
        </Space>
      </div>
      <ScreenPopCard pop={pop} deskNames={deskNames} waitSeconds={waited} />
    </section>
  );
}

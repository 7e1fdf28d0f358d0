import type { ReactNode } from 'react';
import { BellOutlined, CheckCircleOutlined, EditOutlined, HomeOutlined, PauseCircleOutlined, PhoneOutlined, PoweroffOutlined, ShopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n/use-label.js';
import type { ContactMode, SeatStateName } from '../../api/types.js';
import { StatusTag, type Tone } from './status-tag.js';

const LOOK: Record<SeatStateName, { tone: Tone; icon: ReactNode }> = {
  offline: { tone: 'neutral', icon: <PoweroffOutlined /> },
  available: { tone: 'ok', icon: <CheckCircleOutlined /> },
  'not-ready': { tone: 'warn', icon: <PauseCircleOutlined /> },
  reserved: { tone: 'info', icon: <BellOutlined /> },
  'on-call': { tone: 'danger', icon: <PhoneOutlined /> },
  'wrap-up': { tone: 'home', icon: <EditOutlined /> },
};

export function seatStateTone(state: SeatStateName): Tone {
  return LOOK[state].tone;
}

/** "未就绪 · 用餐" with its icon; the reason is part of the text, not a colour. */
export function SeatStateTag({ state, reason, testId }: { state: SeatStateName; reason?: string; testId?: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const look = LOOK[state] ?? LOOK.offline;
  const reasonText = reason ? label('reason', reason) : undefined;
  return (
    <StatusTag tone={look.tone} icon={look.icon} testId={testId}>
      {t(`state.${state}`)}
      {reasonText && state === 'not-ready' ? ` · ${reasonText}` : ''}
    </StatusTag>
  );
}

export function ContactModeTag({ mode, testId }: { mode: ContactMode; testId?: string }) {
  const { t } = useTranslation();
  return mode === 'home' ? (
    <StatusTag tone="home" icon={<HomeOutlined />} testId={testId}>
      {t('mode.home')}
    </StatusTag>
  ) : (
    <StatusTag tone="neutral" icon={<ShopOutlined />} testId={testId}>
      {t('mode.office')}
    </StatusTag>
  );
}

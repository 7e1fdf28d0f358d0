/**
 * The agent's state bar: who I am, my state (with its reason), how long I have been in it, the wrap-up
 * countdown, the centre mode (always visible), and one-click state changes.
 *
 * Seat states (bridge/acd/seat-state.ts holds the machine; the desktop only asks for transitions):
 *   offline → available ⇄ not-ready(reason)
 *   available → reserved (ringing) → on-call → wrap-up → previous state
 * An agent may pick available or not-ready(reason) when not in a call; the rest are the bridge's moves.
 */
import { Button, Space } from 'antd';
import { CheckCircleOutlined, CoffeeOutlined, PauseCircleOutlined, ReadOutlined, HourglassOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n/use-label.js';
import type { CentreMode, SeatStateName, SeatView } from '../../api/types.js';
import { useCountdown, useElapsed } from '../../hooks/use-countdown/use-countdown.js';
import { formatDuration } from '../../lib/format.js';
import { ContactModeTag, SeatStateTag } from '../status-tag/seat-state-tag.js';
import { StatusTag } from '../status-tag/status-tag.js';

/** Reasons the bridge sets by itself; an agent cannot pick them. */
const SYSTEM_REASONS = new Set(['missed-offer', 'switch-fault', 'forced']);

const REASON_ICONS: Record<string, ReactNode> = {
  break: <CoffeeOutlined />,
  meal: <CoffeeOutlined />,
  training: <ReadOutlined />,
};

export interface StateBarProps {
  seat: SeatView;
  centreMode: CentreMode;
  presetName?: string | null;
  /** Configured not-ready reasons (config `notReadyReasons`). */
  reasons: string[];
  onAvailable: () => void;
  onNotReady: (reason: string) => void;
  busy?: boolean;
}

export function StateBar({ seat, centreMode, presetName, reasons, onAvailable, onNotReady, busy }: StateBarProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const state = seat.state as SeatStateName;
  const wrapLeft = useCountdown(state === 'wrap-up' ? seat.wrapUpEndsAt : undefined);
  const since = useElapsed(seat.stateSince);
  const canPick = state === 'available' || state === 'not-ready' || state === 'offline';
  const pickable = reasons.filter((r) => !SYSTEM_REASONS.has(r));

  return (
    <section className="state-bar" data-testid="state-bar" aria-label={t('stateBar.label')}>
      <div className="state-bar-who">
        <strong>{seat.name}</strong> <span className="muted">{t('stateBar.seat', { id: seat.id })}</span>
      </div>
      <div className="state-bar-state" data-testid="seat-state" data-state={state}>
        <SeatStateTag state={state} reason={seat.notReadyReason} />
        {since !== undefined && state !== 'wrap-up' && (
          <span className="muted" data-testid="seat-state-since">
            {t('stateBar.since', { time: formatDuration(since) })}
          </span>
        )}
        {wrapLeft !== undefined && (
          <StatusTag tone="home" icon={<HourglassOutlined />} testId="wrap-up-countdown">
            {t('stateBar.wrapUpLeft', { time: formatDuration(wrapLeft) })}
          </StatusTag>
        )}
      </div>
      <Space wrap className="state-bar-actions">
        <Button
          type={state === 'available' ? 'default' : 'primary'}
          icon={<CheckCircleOutlined />}
          disabled={!canPick || state === 'available' || busy}
          onClick={onAvailable}
          data-testid="go-available"
        >
          {t('stateBar.goAvailable')}
        </Button>
        <Space.Compact aria-label={t('stateBar.reasonLabel')} role="group">
          {pickable.map((r) => (
            <Button
              key={r}
              icon={REASON_ICONS[r] ?? <PauseCircleOutlined />}
              disabled={!canPick || busy || (state === 'not-ready' && seat.notReadyReason === r)}
              onClick={() => onNotReady(r)}
              data-testid={`not-ready-${r}`}
              aria-label={`${t('stateBar.goNotReady')}: ${label('reason', r)}`}
            >
              {label('reason', r)}
            </Button>
          ))}
        </Space.Compact>
      </Space>
      <div className="state-bar-mode" data-testid="centre-mode" data-mode={centreMode}>
        <span className="muted">{t('mode.label')}</span> <ContactModeTag mode={centreMode} />
        {presetName ? <span className="muted">{t('mode.preset', { name: presetName })}</span> : null}
      </div>
    </section>
  );
}

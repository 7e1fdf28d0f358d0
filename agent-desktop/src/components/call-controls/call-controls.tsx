/**
 * The live call: talk timer, hold / resume, transfer, three-way call, hang up and the "caller speaks …"
 * language correction (remembered by the bridge for this caller's next call).
 *
 * Call states as the desktop sees them (machine in bridge/acd/call-state.ts):
 *   offering → connected ⇄ held → ended | transferred      (→ wrap-up on the seat)
 */
import { useState } from 'react';
import { Button, Card, Input, Radio, Space } from 'antd';
import { PauseOutlined, CaretRightOutlined, PhoneOutlined, TeamOutlined, ClockCircleOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CallView, DeskOption, Language, TransferTarget } from '../../api/types.js';
import { useElapsed } from '../../hooks/use-countdown/use-countdown.js';
import { formatDuration } from '../../lib/format.js';
import { SEAT_LANGUAGES } from '../../lib/languages.js';
import { StatusTag } from '../status-tag/status-tag.js';
import { TransferPanel } from './transfer-panel.js';
import { Ltr } from '../../i18n/ltr.js';

export interface CallControlsProps {
  call: CallView;
  desks: DeskOption[];
  onHold: () => void;
  onResume: () => void;
  onHangup: () => void;
  onTransfer: (to: TransferTarget) => void;
  onConference: (number: string) => void;
  onDropThirdParty: () => void;
  onCorrectLanguage: (language: Language) => void;
  busy?: boolean;
}

const NUMBER = /^\+?[0-9]{3,20}$/;

export function CallControls(props: CallControlsProps) {
  const { t } = useTranslation();
  const { call } = props;
  const held = call.state === ('held' as CallView['state']);
  const talk = useElapsed(call.answeredAt) ?? 0;
  const [confNumber, setConfNumber] = useState('');
  const confOk = NUMBER.test(confNumber.trim());

  return (
    <Card
      size="small"
      className="call-controls"
      data-testid="call-controls"
      data-call-state={call.state}
      title={
        <span>
          <PhoneOutlined aria-hidden /> {t('call.title')}: <span data-testid="call-caller" dir="ltr">
            {call.callerNumber}
          </span>
          {call.callerDisplayName ? ` · ${call.callerDisplayName}` : ''}
        </span>
      }
      extra={
        <Space>
          {held ? (
            <StatusTag tone="warn" icon={<PauseOutlined />} testId="call-held">
              {t('call.held')}
            </StatusTag>
          ) : (
            <StatusTag tone="danger" icon={<PhoneOutlined />} testId="call-connected">
              {t('call.connected')}
            </StatusTag>
          )}
          <span data-testid="call-timer" aria-label={t('call.timer')}>
            <ClockCircleOutlined aria-hidden /> <Ltr>{formatDuration(talk)}</Ltr>
          </span>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }} size="middle">
        <Space wrap>
          {held ? (
            <Button type="primary" icon={<CaretRightOutlined />} onClick={props.onResume} disabled={props.busy} data-testid="call-resume">
              {t('call.resume')} <kbd>Ctrl+Shift+H</kbd>
            </Button>
          ) : (
            <Button icon={<PauseOutlined />} onClick={props.onHold} disabled={props.busy} data-testid="call-hold">
              {t('call.hold')} <kbd>Ctrl+Shift+H</kbd>
            </Button>
          )}
          <Button danger type="primary" icon={<PhoneOutlined rotate={135} />} onClick={props.onHangup} disabled={props.busy} data-testid="call-hangup">
            {t('call.hangup')} <kbd>Ctrl+Shift+E</kbd>
          </Button>
          {call.transfers > 0 && <span className="muted">{t('call.transfers', { count: call.transfers })}</span>}
          {call.conferenceWith && (
            <>
              <StatusTag tone="info" icon={<TeamOutlined />} testId="call-conference-with">
                {t('call.conferenceWith', { number: call.conferenceWith })}
              </StatusTag>
              <Button icon={<UserDeleteOutlined />} onClick={props.onDropThirdParty} disabled={props.busy} data-testid="conference-drop">
                {t('desk.dropThirdParty')}
              </Button>
            </>
          )}
        </Space>

        <TransferPanel desks={props.desks} currentDesk={call.target.desk} onTransfer={props.onTransfer} busy={props.busy} />

        <fieldset className="plain-fieldset">
          <legend>{t('call.conference')}</legend>
          <Space.Compact>
            <Input
              id="conference-number"
              value={confNumber}
              onChange={(e) => setConfNumber(e.target.value)}
              placeholder={t('call.conferencePlaceholder')}
              aria-label={t('call.conferencePlaceholder')}
              inputMode="tel"
              maxLength={21}
              style={{ width: 260 }}
              data-testid="conference-number"
            />
            <Button
              icon={<TeamOutlined />}
              disabled={!confOk || props.busy}
              onClick={() => props.onConference(confNumber.trim())}
              data-testid="conference-go"
            >
              {t('call.conferenceGo')}
            </Button>
          </Space.Compact>
        </fieldset>

        <fieldset className="plain-fieldset">
          <legend>{t('call.callerSpeaks')}</legend>
          <Radio.Group
            value={call.target.language}
            onChange={(e) => props.onCorrectLanguage(e.target.value as Language)}
            aria-label={t('call.callerSpeaks')}
            disabled={props.busy}
          >
            {SEAT_LANGUAGES.map((l) => (
              <Radio.Button key={l} value={l} data-testid={`caller-speaks-${l}`}>
                {t(`lang.${l}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </fieldset>
      </Space>
    </Card>
  );
}

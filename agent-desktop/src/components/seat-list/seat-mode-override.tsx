/**
 * The per-seat home-seat override (switch chosen agents to home seats): one button per seat row opens a
 * dialog where the lead picks home / office / follow the centre and must give a reason. A seat with no
 * home contact cannot be set to home: the choice is disabled and says why in words, not only in grey.
 * Like the centre switch, it only changes where the NEXT offer rings; a call in progress is untouched.
 */
import { useState } from 'react';
import { Alert, Button, Input, Modal, Radio, Space } from 'antd';
import { HomeOutlined, ShopOutlined, SwapOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CentreMode, SeatView } from '../../api/types.js';
import { useConfirmDialog } from '../../hooks/use-confirm-dialog/use-confirm-dialog.js';

/** A seat's override as the dialog chooses it; 'centre' is the wire's null (follow the centre mode). */
type Choice = CentreMode | 'centre';

export interface SeatModeOverrideProps {
  seat: Pick<SeatView, 'id' | 'name' | 'modeOverride' | 'hasHomeContact'>;
  /** The centre's mode, so "follow the centre" can say where that leads. */
  centreMode?: CentreMode;
  onConfirm: (seatId: string, mode: CentreMode | null, reason: string) => Promise<void>;
}

const MAX_REASON = 200; // the hub's reason limit

const toChoice = (mode: CentreMode | null): Choice => mode ?? 'centre';

export function SeatModeOverride({ seat, centreMode, onConfirm }: SeatModeOverrideProps) {
  const { t } = useTranslation();
  const current = toChoice(seat.modeOverride);
  const { open, saving, error, show, hide, submit } = useConfirmDialog();
  const [choice, setChoice] = useState<Choice>(current);
  const [reason, setReason] = useState('');
  const tid = (what: string) => `seat-mode-${what}-${seat.id}`;
  const hintId = `seat-mode-no-home-${seat.id}`;

  const start = () => {
    setChoice(current);
    setReason('');
    show();
  };
  const confirm = () => submit(() => onConfirm(seat.id, choice === 'centre' ? null : choice, reason.trim()));
  const homeBlocked = !seat.hasHomeContact;
  const canConfirm = choice !== current && !(choice === 'home' && homeBlocked) && reason.trim().length > 0 && !saving;
  // The button's accessible name starts with this visible text (axe: label-content-name-mismatch).
  const label = current === 'centre' ? t('seatMode.followsCentre') : t('seatMode.overridden', { mode: t(`mode.${current}`) });

  return (
    <>
      <Button
        size="small"
        icon={<SwapOutlined />}
        onClick={start}
        data-testid={tid('open')}
        data-override={current}
        aria-label={`${label} — ${t('seatMode.change')} ${seat.id}`}
      >
        {label}
      </Button>
      <Modal
        open={open}
        title={t('seatMode.title', { id: seat.id, name: seat.name })}
        onCancel={() => hide()}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => hide()} data-testid={tid('cancel')}>
            {t('seatMode.cancel')}
          </Button>,
          <Button key="ok" type="primary" disabled={!canConfirm} loading={saving} onClick={confirm} data-testid={tid('confirm')}>
            {t('seatMode.confirm')}
          </Button>,
        ]}
      >
        <div data-testid={tid('dialog')}>
          <fieldset className="plain-fieldset">
            <legend>{t('seatMode.choose')}</legend>
            <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value as Choice)} data-testid={tid('choice')}>
              <Space direction="vertical">
                <Radio value="home" disabled={homeBlocked} data-testid={tid('home')} aria-describedby={homeBlocked ? hintId : undefined}>
                  <HomeOutlined aria-hidden /> {t('mode.home')}
                </Radio>
                {homeBlocked && (
                  <p className="hint" id={hintId} data-testid={tid('no-home-contact')}>
                    {t('seatMode.noHomeContact')}
                  </p>
                )}
                <Radio value="office" data-testid={tid('office')}>
                  <ShopOutlined aria-hidden /> {t('mode.office')}
                </Radio>
                <Radio value="centre" data-testid={tid('centre')}>
                  {centreMode ? t('seatMode.followCentreNow', { mode: t(`mode.${centreMode}`) }) : t('seatMode.followCentre')}
                </Radio>
              </Space>
            </Radio.Group>
          </fieldset>
          <p className="muted">{t('seatMode.inProgressUntouched')}</p>
          <label className="field-label" htmlFor={tid('reason')}>
            {t('seatMode.reason')}
          </label>
          <Input.TextArea
            id={tid('reason')}
            value={reason}
            maxLength={MAX_REASON}
            rows={2}
            placeholder={t('seatMode.reasonPlaceholder')}
            onChange={(e) => setReason(e.target.value)}
            aria-required
            data-testid={tid('reason')}
          />
          {reason.trim().length === 0 && (
            <p className="hint" data-testid={tid('reason-hint')}>
              {t('seatMode.reasonRequired')}
            </p>
          )}
          {error && <Alert type="error" showIcon message={error} data-testid={tid('error')} />}
        </div>
      </Modal>
    </>
  );
}

/**
 * The shift lead's home-seat switch (居家坐席). Flow: choose the target mode → the bridge runs a
 * pre-flight (which seats have no home contact or look unreachable) → the lead reads it, may pick a
 * surge preset, must give a reason → confirm. Calls in progress are never touched by the switch.
 */
import { useState } from 'react';
import { Alert, Button, Card, Input, Modal, Radio, Space, Spin } from 'antd';
import { HomeOutlined, ShopOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CentreMode, PreflightReport, PresetOption } from '../../api/types.js';
import { ContactModeTag } from '../status-tag/seat-state-tag.js';
import { useConfirmDialog } from '../../hooks/use-confirm-dialog/use-confirm-dialog.js';
import { errorSentence } from '../../i18n/error-text.js';
import { pickName } from '../../i18n/config-names.js';

export interface HomeSeatSwitchProps {
  centreMode: CentreMode;
  activePreset: string | null;
  presets: PresetOption[];
  onPreflight: (mode: CentreMode) => Promise<PreflightReport>;
  onConfirm: (input: { mode: CentreMode; presetId: string | null; reason: string }) => Promise<void>;
}

const MAX_REASON = 200;

export function HomeSeatSwitch({ centreMode, activePreset, presets, onPreflight, onConfirm }: HomeSeatSwitchProps) {
  const { t, i18n } = useTranslation();
  const target: CentreMode = centreMode === 'home' ? 'office' : 'home';
  const { open, saving, error, show, hide, setError, submit } = useConfirmDialog();
  const [report, setReport] = useState<PreflightReport | null>(null);
  const [reason, setReason] = useState('');
  const [presetId, setPresetId] = useState<string | null>(null);
  const presetName = pickName(presets.find((p) => p.id === activePreset), i18n.language) ?? activePreset;

  const start = () => {
    show();
    setReport(null);
    setReason('');
    setPresetId(null);
    onPreflight(target).then(setReport, (e: unknown) => setError(errorSentence(t, e)));
  };
  const confirm = () => submit(() => onConfirm({ mode: target, presetId: target === 'home' ? presetId : null, reason: reason.trim() }));
  const canConfirm = report !== null && reason.trim().length > 0 && !saving;

  return (
    <Card title={t('home.title')} size="small" data-testid="home-seat-switch">
      <Space direction="vertical" style={{ width: '100%' }}>
        <div>
          <span className="muted">{t('home.current')}</span> <ContactModeTag mode={centreMode} testId="lead-centre-mode" />
          {presetName && <span className="muted"> {t('mode.preset', { name: presetName })}</span>}
        </div>
        <Button
          type="primary"
          danger={target === 'home'}
          icon={target === 'home' ? <HomeOutlined /> : <ShopOutlined />}
          onClick={start}
          data-testid="home-switch-open"
        >
          {target === 'home' ? t('home.switchToHome') : t('home.switchToOffice')}
        </Button>
      </Space>
      <Modal
        open={open}
        title={target === 'home' ? t('home.switchToHome') : t('home.switchToOffice')}
        onCancel={() => hide()}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => hide()} data-testid="home-switch-cancel">
            {t('home.cancel')}
          </Button>,
          <Button key="ok" type="primary" disabled={!canConfirm} loading={saving} onClick={confirm} data-testid="home-switch-confirm">
            {t('home.confirm')}
          </Button>,
        ]}
      >
        <section data-testid="home-preflight" aria-busy={report === null && !error} aria-labelledby="preflight-title">
          <h3 id="preflight-title">{t('home.preflight')}</h3>
          {report === null && !error && (
            // A div: antd's Spin renders a <div>, which a <p> may not contain.
            <div className="preflight-checking">
              <Spin size="small" /> {t('home.checking')}
            </div>
          )}
          {error && <Alert type="error" showIcon message={error} data-testid="home-switch-error" />}
          {report && (
            <>
              <p>
                {t('home.seatsTotal', { count: report.seatsTotal })} · {t('home.ready', { count: report.ready })}
              </p>
              {report.noHomeContact.length === 0 && report.unreachable.length === 0 && (
                <Alert type="success" showIcon message={t('home.allReady')} />
              )}
              {report.noHomeContact.length > 0 && (
                <div className="preflight-list">
                  <p>
                    <WarningOutlined aria-hidden /> {t('home.noHomeContact')}
                  </p>
                  <ul data-testid="preflight-no-home-contact">
                    {report.noHomeContact.map((s) => (
                      <li key={s.seatId} data-testid="preflight-seat">
                        {s.seatId} {s.name}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
              {report.unreachable.length > 0 && (
                <div className="preflight-list">
                  <p>
                    <WarningOutlined aria-hidden /> {t('home.unreachable')}
                  </p>
                  <ul data-testid="preflight-unreachable">
                    {report.unreachable.map((s) => (
                      <li key={s.seatId}>
                        {s.seatId} {s.name} — {s.why}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </>
          )}
        </section>
        {target === 'home' && presets.length > 0 && (
          <fieldset className="plain-fieldset">
            <legend>{t('home.preset')}</legend>
            <Radio.Group value={presetId ?? ''} onChange={(e) => setPresetId(e.target.value ? String(e.target.value) : null)} data-testid="home-switch-preset">
              <Space direction="vertical">
                <Radio value="">{t('home.noPreset')}</Radio>
                {presets.map((p) => (
                  <Radio key={p.id} value={p.id} data-testid={`preset-${p.id}`}>
                    {pickName(p, i18n.language)}
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </fieldset>
        )}
        <label className="field-label" htmlFor="home-switch-reason">
          {t('home.reason')}
        </label>
        <Input.TextArea
          id="home-switch-reason"
          value={reason}
          maxLength={MAX_REASON}
          rows={2}
          placeholder={t('home.reasonPlaceholder')}
          onChange={(e) => setReason(e.target.value)}
          aria-required
          data-testid="home-switch-reason"
        />
        {reason.trim().length === 0 && <p className="hint" data-testid="home-switch-reason-hint">{t('home.reasonRequired')}</p>}
      </Modal>
    </Card>
  );
}

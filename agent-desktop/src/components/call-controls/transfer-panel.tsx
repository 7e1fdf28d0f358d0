/**
 * Transfer: to a desk or a language seat (the call goes back into the queue keeping its history and
 * original arrival time), or out to 110 / 119 / 120 or a typed number.
 */
import { useState } from 'react';
import { Button, Input, Radio, Select, Space } from 'antd';
import { SwapOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { DeskOption, Language, TransferTarget } from '../../api/types.js';
import { EMERGENCY_NUMBERS, SEAT_LANGUAGES } from '../../lib/languages.js';
import { pickName } from '../../i18n/config-names.js';

type Kind = 'desk' | 'language' | 'emergency' | 'number';
const NUMBER = /^\+?[0-9]{3,20}$/;

export function TransferPanel(props: { desks: DeskOption[]; currentDesk: string; onTransfer: (to: TransferTarget) => void; busy?: boolean }) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<Kind>('desk');
  const [desk, setDesk] = useState<string | undefined>();
  const [language, setLanguage] = useState<Language | undefined>();
  const [emergency, setEmergency] = useState<string | undefined>();
  const [number, setNumber] = useState('');

  const target: TransferTarget | null =
    kind === 'desk' && desk
      ? { kind: 'desk', desk }
      : kind === 'language' && language
        ? { kind: 'language', language }
        : kind === 'emergency' && emergency
          ? { kind: 'external', number: emergency }
          : kind === 'number' && NUMBER.test(number.trim())
            ? { kind: 'external', number: number.trim() }
            : null;

  return (
    <fieldset className="plain-fieldset transfer-panel" data-testid="transfer-panel">
      <legend>{t('call.transferTitle')}</legend>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as Kind)} optionType="button" id="transfer-kind" aria-label={t('call.transferTitle')}>
          <Radio.Button value="desk" data-testid="transfer-kind-desk">{t('call.toDesk')}</Radio.Button>
          <Radio.Button value="language" data-testid="transfer-kind-language">{t('call.toLanguage')}</Radio.Button>
          <Radio.Button value="emergency" data-testid="transfer-kind-emergency">{t('call.toEmergency')}</Radio.Button>
          <Radio.Button value="number" data-testid="transfer-kind-number">{t('call.toNumber')}</Radio.Button>
        </Radio.Group>
        {kind === 'desk' && (
          <Select
            style={{ minWidth: 220 }}
            value={desk}
            onChange={setDesk}
            placeholder={t('call.toDesk')}
            aria-label={t('call.toDesk')}
            data-testid="transfer-desk"
            options={props.desks.filter((d) => d.id !== props.currentDesk).map((d) => ({ value: d.id, label: pickName(d, i18n.language) }))}
          />
        )}
        {kind === 'language' && (
          <Radio.Group value={language} onChange={(e) => setLanguage(e.target.value as Language)} aria-label={t('call.toLanguage')}>
            {SEAT_LANGUAGES.map((l) => (
              <Radio.Button key={l} value={l} data-testid={`transfer-language-${l}`}>
                {t(`lang.${l}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        )}
        {kind === 'emergency' && (
          <Radio.Group value={emergency} onChange={(e) => setEmergency(String(e.target.value))} aria-label={t('call.toEmergency')}>
            {EMERGENCY_NUMBERS.map((n) => (
              <Radio.Button key={n} value={n} data-testid={`transfer-emergency-${n}`}>
                {n}
              </Radio.Button>
            ))}
          </Radio.Group>
        )}
        {kind === 'number' && (
          <Input
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            placeholder={t('call.numberPlaceholder')}
            aria-label={t('call.numberPlaceholder')}
            inputMode="tel"
            maxLength={21}
            status={number && !NUMBER.test(number.trim()) ? 'error' : undefined}
            data-testid="transfer-number"
          />
        )}
        <Button icon={<SwapOutlined />} disabled={!target || props.busy} onClick={() => target && props.onTransfer(target)} data-testid="transfer-go">
          {t('call.transferGo')}
        </Button>
      </Space>
    </fieldset>
  );
}

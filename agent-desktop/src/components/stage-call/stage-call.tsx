/**
 * Lab mode, lead view: stage one simulated call — a demo caller whose seeded history shows the pop's
 * flags, or any number — on a chosen dialled number, optionally with a language hint or as an
 * unverified number. Posts to the lab route (bridge/api/lab-routes.ts), which only leads and admins may use.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Input, Select, Space } from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { LabStaging } from '../../api/types.js';
import type { StagedCallRequest } from '../../api/lab-client.js';
import { SEAT_LANGUAGES } from '../../lib/languages.js';
import { useConfigNames } from '../../i18n/config-names.js';

const NUMBER = /^\+?[0-9]{3,20}$/;

export function StageCall({ lab, onStage }: { lab: LabStaging; onStage: (req: StagedCallRequest) => Promise<{ callId: string }> }) {
  const { t } = useTranslation();
  const names = useConfigNames();
  const { message } = App.useApp();
  const [caller, setCaller] = useState(lab.demoCallers[0]?.number ?? '');
  const [dialled, setDialled] = useState(lab.dialledNumbers[0]?.did ?? '12345');
  const [language, setLanguage] = useState<string>('');
  const [trusted, setTrusted] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const demo = lab.demoCallers.find((d) => d.number === caller.trim());
  const ok = NUMBER.test(caller.trim()) && NUMBER.test(dialled);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const { callId } = await onStage({ callerNumber: caller.trim(), dialledNumber: dialled, trusted, ...(language ? { hints: { language } } : {}) });
      void message.success(t('desk.stageDone', { callId }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={<span><ExperimentOutlined aria-hidden /> {t('desk.stageTitle')}</span>} data-testid="stage-call">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ok && !busy) void submit();
        }}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <label className="field-label" htmlFor="stage-demo">
            {t('desk.stageDemo')}
          </label>
          <Select<string>
            id="stage-demo"
            value={demo?.number}
            onChange={(n) => setCaller(n)}
            placeholder={t('desk.stageDemo')}
            style={{ width: '100%' }}
            options={lab.demoCallers.map((d) => ({ value: d.number, label: `${t(`desk.demo.${d.id}`, { defaultValue: d.id })} · ${d.number}` }))}
            data-testid="stage-demo"
          />
          <label className="field-label" htmlFor="stage-caller">
            {t('desk.stageCaller')}
          </label>
          <Input id="stage-caller" value={caller} onChange={(e) => setCaller(e.target.value)} inputMode="tel" maxLength={21} status={caller && !NUMBER.test(caller.trim()) ? 'error' : undefined} data-testid="stage-caller" />
          <label className="field-label" htmlFor="stage-dialled">
            {t('desk.stageDialled')}
          </label>
          <Select<string>
            id="stage-dialled"
            value={dialled}
            onChange={setDialled}
            style={{ width: '100%' }}
            options={lab.dialledNumbers.map((n) => {
              const label = names.line(n.did, n.label);
              return { value: n.did, label: label.includes(n.did) ? label : `${n.did} ${label}` };
            })}
            data-testid="stage-dialled"
          />
          <label className="field-label" htmlFor="stage-language">
            {t('desk.stageLanguage')}
          </label>
          <Select<string>
            id="stage-language"
            value={language}
            onChange={setLanguage}
            style={{ width: '100%' }}
            options={[{ value: '', label: t('desk.stageLanguageNone') }, ...SEAT_LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))]}
            data-testid="stage-language"
          />
          <Checkbox checked={trusted} onChange={(e) => setTrusted(e.target.checked)} data-testid="stage-trusted">
            {t('desk.stageTrusted')}
          </Checkbox>
          {error && <Alert type="error" showIcon message={error} data-testid="stage-error" />}
          <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} disabled={!ok} loading={busy} data-testid="stage-go">
            {t('desk.stageGo')}
          </Button>
        </Space>
      </form>
    </Card>
  );
}

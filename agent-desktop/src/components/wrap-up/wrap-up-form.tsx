/**
 * Wrap-up after a call: disposition, category, a short note, and the time left before the seat returns
 * to its previous state on its own.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Input, Radio, Select, Space } from 'antd';
import { CheckOutlined, HourglassOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { WrapUpInput } from '../../api/types.js';
import { useCountdown } from '../../hooks/use-countdown/use-countdown.js';
import { formatDuration } from '../../lib/format.js';
import { StatusTag } from '../status-tag/status-tag.js';
import { CATEGORY_IDS } from '../../lib/categories.js';
import { EMERGENCY_NUMBERS } from '../../lib/languages.js';

const DISPOSITIONS: WrapUpInput['disposition'][] = ['resolved', 'ticket-created', 'transferred', 'linked', 'callback', 'no-action'];
/** Disposition labels; 'linked' (110/119/120) is newer than the wrap block of the catalogues. */
const dispositionKey = (d: WrapUpInput['disposition']) => (d === 'linked' ? 'desk.linked' : `wrap.${d}`);

/** What the call's end suggests: handed to 110/119/120 → linked; any other transfer by this seat → transferred. */
export function suggestedDisposition(call: { lastTransfer?: { by: string; to: { kind: string; number?: string } } } | undefined, seatId: string | undefined): WrapUpInput['disposition'] {
  const t = call?.lastTransfer;
  if (!t || !seatId || t.by !== seatId) return 'resolved';
  return t.to.kind === 'external' && (EMERGENCY_NUMBERS as readonly string[]).includes(t.to.number ?? '') ? 'linked' : 'transferred';
}
export const WRAP_UP_NOTE_MAX = 200;
/** How long typing pauses before the draft goes to the bridge. */
export const WRAP_UP_DRAFT_DEBOUNCE_MS = 700;

export function WrapUpForm(props: {
  wrapUpEndsAt?: number;
  onSubmit: (input: WrapUpInput) => void;
  /** Called (debounced) once the agent has changed anything: the bridge keeps it if wrap-up times out. */
  onDraft?: (draft: Partial<WrapUpInput>) => void;
  busy?: boolean;
  formId?: string;
  /** Preselected disposition (see suggestedDisposition); the agent can still change it. */
  defaultDisposition?: WrapUpInput['disposition'];
}) {
  const { t } = useTranslation();
  const left = useCountdown(props.wrapUpEndsAt);
  const [disposition, setDisposition] = useState<WrapUpInput['disposition']>(props.defaultDisposition ?? 'resolved');
  // Category ids, not free text: 一人多次 counts a caller's contacts per category.
  const [category, setCategory] = useState<string | undefined>();
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const { onDraft, defaultDisposition } = props;
  // The call's last event (e.g. transferred out to 120) can arrive just after wrap-up began: follow it
  // until the agent picks something themselves.
  useEffect(() => {
    if (!touched && defaultDisposition) setDisposition(defaultDisposition);
  }, [touched, defaultDisposition]);
  useEffect(() => {
    if (!touched || !onDraft) return;
    const timer = setTimeout(() => onDraft({ disposition, ...(category ? { category } : {}), note }), WRAP_UP_DRAFT_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [touched, disposition, category, note, onDraft]);
  const submit = () =>
    props.onSubmit({
      disposition,
      ...(category ? { category } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });

  return (
    <Card
      size="small"
      title={t('wrap.title')}
      data-testid="wrap-up-form"
      extra={
        left !== undefined && (
          <StatusTag tone="home" icon={<HourglassOutlined />} testId="wrap-up-left">
            {t('wrap.left', { time: formatDuration(left) })}
          </StatusTag>
        )
      }
    >
      <form
        id={props.formId ?? 'wrap-up'}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <fieldset className="plain-fieldset">
            <legend>{t('wrap.disposition')}</legend>
            <Radio.Group value={disposition} onChange={(e) => {
                setTouched(true);
                setDisposition(e.target.value as WrapUpInput['disposition']);
              }} optionType="button">
              {DISPOSITIONS.map((d) => (
                <Radio.Button key={d} value={d} data-testid={`wrap-disposition-${d}`}>
                  {t(dispositionKey(d))}
                </Radio.Button>
              ))}
            </Radio.Group>
          </fieldset>
          <label className="field-label" htmlFor="wrap-category">
            {t('wrap.category')}
          </label>
          <Select
            id="wrap-category"
            value={category}
            onChange={(v: string | undefined) => {
              setTouched(true);
              setCategory(v);
            }}
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('wrap.categoryPlaceholder')}
            options={CATEGORY_IDS.map((c) => ({ value: c, label: t(`category.${c}`) }))}
            style={{ width: '100%' }}
            data-testid="wrap-category"
          />
          <label className="field-label" htmlFor="wrap-note">
            {t('wrap.note')}
          </label>
          <Input.TextArea
            id="wrap-note"
            value={note}
            maxLength={WRAP_UP_NOTE_MAX}
            showCount
            rows={2}
            onChange={(e) => {
              setTouched(true);
              setNote(e.target.value);
            }}
            placeholder={t('wrap.notePlaceholder')}
            data-testid="wrap-note"
          />
          <Button type="primary" htmlType="submit" icon={<CheckOutlined />} disabled={props.busy} data-testid="wrap-up-submit">
            {t('wrap.submit')}
          </Button>
        </Space>
      </form>
    </Card>
  );
}

/**
 * The lead's live-calls list with Listen / Whisper / Barge / Leave. The lead first picks which of
 * their phones rings (office, home, or a number typed for this time); the bridge rings it and joins
 * it to the call. While joined the lead moves between the modes without redialling. A lead is on one
 * call at a time; the bridge refuses a call on the lead's own seat and says why.
 */
import { useState } from 'react';
import { Alert, Button, Card, Empty, Input, Radio, Space, Table, Tag } from 'antd';
import { AudioOutlined, CustomerServiceOutlined, LogoutOutlined, SoundOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CallView, SupervisionContact, SupervisionMode, SupervisionView } from '../../api/types.js';
import { formatTime } from '../../lib/format.js';

export interface SupervisionPanelProps {
  calls: CallView[];
  seatNames: Record<string, string>;
  /** Supervisions under way; the ones of `userId` carry the controls. */
  supervisions: SupervisionView[];
  userId: string;
  onSupervise: (callId: string, mode: SupervisionMode, contact: SupervisionContact) => Promise<unknown>;
  onMode: (supervisionId: string, mode: SupervisionMode) => Promise<unknown>;
  onLeave: (supervisionId: string) => Promise<unknown>;
}

const MODES: SupervisionMode[] = ['listen', 'whisper', 'barge'];
const ICONS = { listen: <CustomerServiceOutlined />, whisper: <AudioOutlined />, barge: <SoundOutlined /> };
const TYPED = /^(\+?[0-9]{3,20}|sips?:[^\s<>"]{3,200})$/;

export function SupervisionPanel({ calls, seatNames, supervisions, userId, onSupervise, onMode, onLeave }: SupervisionPanelProps) {
  const { t } = useTranslation();
  const [contactKind, setContactKind] = useState<SupervisionContact['kind']>('office');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mine = supervisions.find((s) => s.leadId === userId && s.state !== 'ended');
  const talking = calls.filter((c) => c.state === 'connected' || c.state === 'held');
  const typedOk = contactKind !== 'typed' || TYPED.test(typed.trim());

  const act = (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    fn()
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  const contact = (): SupervisionContact => (contactKind === 'typed' ? { kind: 'typed', number: typed.trim() } : { kind: contactKind });

  const controls = (c: CallView) => {
    if (mine && mine.callId === c.id) {
      return (
        <Space wrap>
          {MODES.map((m) => (
            <Button
              key={m}
              size="small"
              icon={ICONS[m]}
              type={mine.mode === m ? 'primary' : 'default'}
              aria-pressed={mine.mode === m}
              disabled={busy || mine.state !== 'joined'}
              onClick={() => mine.mode !== m && act(() => onMode(mine.id, m))}
              data-testid={`supervise-${m}`}
            >
              {t(`supervision.${m}`)}
            </Button>
          ))}
          <Button size="small" danger icon={<LogoutOutlined />} disabled={busy} onClick={() => act(() => onLeave(mine.id))} data-testid="supervise-leave">
            {t('supervision.leave')}
          </Button>
        </Space>
      );
    }
    return (
      <Space wrap>
        {MODES.map((m) => (
          <Button
            key={m}
            size="small"
            icon={ICONS[m]}
            disabled={busy || !!mine || !typedOk}
            onClick={() => act(() => onSupervise(c.id, m, contact()))}
            data-testid={`supervise-${m}`}
          >
            {t(`supervision.${m}`)}
          </Button>
        ))}
      </Space>
    );
  };

  return (
    <Card title={t('supervision.title')} size="small" data-testid="supervision-panel">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <span className="muted">{t('supervision.contact')}</span>
          <Radio.Group value={contactKind} onChange={(e) => setContactKind(e.target.value as SupervisionContact['kind'])} disabled={!!mine} data-testid="supervise-contact">
            <Radio value="office" data-testid="supervise-contact-office">{t('supervision.office')}</Radio>
            <Radio value="home" data-testid="supervise-contact-home">{t('supervision.home')}</Radio>
            <Radio value="typed" data-testid="supervise-contact-typed">{t('supervision.typed')}</Radio>
          </Radio.Group>
          {contactKind === 'typed' && (
            <Input
              size="small"
              style={{ width: 200 }}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              placeholder={t('supervision.typedPlaceholder')}
              aria-label={t('supervision.typed')}
              status={typed && !typedOk ? 'error' : undefined}
              disabled={!!mine}
              data-testid="supervise-typed-number"
            />
          )}
        </Space>
        <div role="status" aria-live="polite" data-testid="supervise-status">
          {mine && (
            // Default tag colours: the coloured ones miss the 4.5:1 contrast at tag size.
            <Tag icon={mine.state === 'joined' ? ICONS[mine.mode] : undefined} data-state={mine.state}>
              {mine.state === 'joined'
                ? t('supervision.joined', { mode: t(`supervision.${mine.mode}`), seat: seatNames[mine.seatId] ?? mine.seatId })
                : t('supervision.dialling')}
            </Tag>
          )}
        </div>
        {error && <Alert type="error" showIcon message={error} data-testid="supervise-error" closable onClose={() => setError(null)} />}
        {talking.length === 0 ? (
          <Empty description={t('supervision.empty')} />
        ) : (
          <Table<CallView>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={talking}
            onRow={(c) => ({ 'data-testid': 'live-call-row', 'data-call-id': c.id }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('supervision.seat'), key: 'seat', render: (_, c) => (c.seatId ? `${c.seatId} ${seatNames[c.seatId] ?? ''}`.trim() : '') },
              { title: t('supervision.caller'), key: 'caller', render: (_, c) => c.callerNumber },
              { title: t('supervision.line'), key: 'line', render: (_, c) => c.didLabel },
              { title: t('supervision.since'), key: 'since', render: (_, c) => (c.answeredAt ? formatTime(c.answeredAt) : '') },
              { title: t('supervision.state'), key: 'state', render: (_, c) => t(c.state === 'held' ? 'call.held' : 'call.connected') },
              { title: '', key: 'actions', render: (_, c) => controls(c) },
            ]}
          />
        )}
      </Space>
    </Card>
  );
}

/**
 * Every seat with its live state, languages, desks, which contact an offer rings, the lead's per-seat
 * home-seat override, and the force-state actions (available, not ready with a reason, log out).
 * One table that scrolls under a fixed header (a 72-seat centre is one screen, not pages), with a
 * search by id or name and filters by state, language and desk.
 */
import { Fragment, useMemo, useState } from 'react';
import { Button, Dropdown, Input, Select, Space, Table } from 'antd';
import { CheckCircleOutlined, DisconnectOutlined, DownOutlined, PauseCircleOutlined, UserOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n/use-label.js';
import type { CentreMode, SeatStateName, SeatView } from '../../api/types.js';
import { ContactModeTag, SeatStateTag } from '../status-tag/seat-state-tag.js';
import { StatusTag } from '../status-tag/status-tag.js';
import { SeatModeOverride } from './seat-mode-override.js';
import { useListSeparator } from '../../i18n/list-format.js';

export type ForcedState = 'available' | 'not-ready' | 'offline';

export interface SeatListProps {
  seats: SeatView[];
  reasons: string[];
  deskNames?: Record<string, string>;
  onForce: (seatId: string, state: ForcedState, reason?: string) => void;
  /** The centre's mode, shown beside "follow the centre" in the override dialog. */
  centreMode?: CentreMode;
  /** Per-seat override (null = follow the centre); without it the column is not shown. */
  onSeatMode?: (seatId: string, mode: CentreMode | null, reason: string) => Promise<void>;
}

const BUSY: SeatStateName[] = ['reserved', 'on-call'];
const STATES: SeatStateName[] = ['available', 'reserved', 'on-call', 'wrap-up', 'not-ready', 'offline'];

/** Names that must not break inside themselves (哈萨克语, Social security): lines break between them only. */
function Unbroken({ items }: { items: string[] }) {
  const separator = useListSeparator();
  return (
    <span className="unbroken-list">
      {/* The separator sits between the pieces: the line may break after "، " or ", ", never inside a name. */}
      {items.map((x, i) => (
        <Fragment key={i}>
          <span className="no-break">{x}</span>
          {i < items.length - 1 ? separator : ''}
        </Fragment>
      ))}
    </span>
  );
}

export function SeatList({ seats, reasons, deskNames = {}, onForce, centreMode, onSeatMode }: SeatListProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const pickable = reasons.filter((r) => r !== 'missed-offer' && r !== 'switch-fault');
  const [query, setQuery] = useState('');
  const [states, setStates] = useState<SeatStateName[]>([]);
  const [language, setLanguage] = useState<string | undefined>();
  const [desk, setDesk] = useState<string | undefined>();
  const languages = useMemo(() => [...new Set(seats.flatMap((s) => s.languages))], [seats]);
  const desks = useMemo(() => [...new Set(seats.flatMap((s) => s.desks))], [seats]);
  const q = query.trim().toLowerCase();
  const shown = seats.filter(
    (s) =>
      (!q || s.id.toLowerCase().includes(q) || s.name.toLowerCase().includes(q)) &&
      (states.length === 0 || states.includes(s.state as SeatStateName)) &&
      (!language || s.languages.includes(language as SeatView['languages'][number])) &&
      (!desk || s.desks.includes(desk)),
  );
  return (
    <section aria-labelledby="seat-list-title" data-testid="seat-list">
      <h2 id="seat-list-title" className="section-title">
        {t('lead.seats')}
      </h2>
      <Space wrap className="seat-list-tools">
        <Input.Search
          allowClear
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('desk.seatSearch')}
          aria-label={t('desk.seatSearch')}
          style={{ width: 200 }}
          data-testid="seat-search"
        />
        <Select<SeatStateName[]>
          mode="multiple"
          allowClear
          value={states}
          onChange={setStates}
          placeholder={t('desk.seatFilterState')}
          aria-label={t('desk.seatFilterState')}
          style={{ minWidth: 180 }}
          options={STATES.map((s) => ({ value: s, label: t(`state.${s}`) }))}
          data-testid="seat-filter-state"
        />
        <Select<string>
          allowClear
          value={language}
          onChange={setLanguage}
          placeholder={t('desk.seatFilterLanguage')}
          aria-label={t('desk.seatFilterLanguage')}
          style={{ minWidth: 140 }}
          options={languages.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
          data-testid="seat-filter-language"
        />
        <Select<string>
          allowClear
          value={desk}
          onChange={setDesk}
          placeholder={t('desk.seatFilterDesk')}
          aria-label={t('desk.seatFilterDesk')}
          style={{ minWidth: 160 }}
          options={desks.map((d) => ({ value: d, label: deskNames[d] ?? d }))}
          data-testid="seat-filter-desk"
        />
        <span className="muted" data-testid="seat-count" aria-live="polite">
          {t('desk.seatCount', { shown: shown.length, total: seats.length })}
        </span>
      </Space>
      <Table<SeatView>
        size="small"
        rowKey="id"
        dataSource={shown}
        pagination={false}
        // Fixed header, the rows scroll: the whole centre in one view.
        scroll={{ y: 'max(320px, calc(100vh - 260px))', x: 'max-content' }}
        onRow={(s) => ({ 'data-testid': `seat-row-${s.id}`, 'data-state': s.state }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('lead.seatId'), dataIndex: 'id', width: 80 },
          {
            title: t('lead.seatName'),
            dataIndex: 'name',
            render: (_: unknown, s) => (
              <span>
                {s.name}{' '}
                {s.attended && (
                  <span className="muted" title={t('lead.attended')}>
                    <UserOutlined aria-label={t('lead.attended')} />
                  </span>
                )}
              </span>
            ),
          },
          {
            title: t('lead.seatState'),
            render: (_: unknown, s) => <SeatStateTag state={s.state as SeatStateName} reason={s.notReadyReason} />,
          },
          { title: t('lead.seatLanguages'), render: (_: unknown, s) => <Unbroken items={s.languages.map((l) => t(`lang.${l}`))} /> },
          { title: t('lead.seatDesks'), render: (_: unknown, s) => <Unbroken items={s.desks.map((d) => deskNames[d] ?? d)} /> },
          {
            title: t('lead.seatContact'),
            render: (_: unknown, s) =>
              // Home mode with nothing to ring at home: one warning saying exactly that, not "居家" beside "无居家联系方式".
              s.contactMode === 'home' && !s.hasHomeContact ? (
                <StatusTag tone="danger" icon={<WarningOutlined />} testId={`seat-contact-warning-${s.id}`}>
                  {t('desk.homeWithoutContact')}
                </StatusTag>
              ) : (
                <Space size={4} wrap>
                  <ContactModeTag mode={s.contactMode} testId={`seat-contact-${s.id}`} />
                  {!s.hasHomeContact && (
                    <StatusTag tone="warn" icon={<DisconnectOutlined />}>
                      {t('lead.noHomeContactTag')}
                    </StatusTag>
                  )}
                </Space>
              ),
          },
          ...(onSeatMode
            ? [
                {
                  title: t('seatMode.column'),
                  render: (_: unknown, s: SeatView) => <SeatModeOverride seat={s} centreMode={centreMode} onConfirm={onSeatMode} />,
                },
              ]
            : []),
          { title: t('lead.seatHandled'), dataIndex: 'callsHandled', width: 80 },
          { title: t('lead.seatMissed'), dataIndex: 'missedOffers', width: 70 },
          {
            title: t('lead.forceState'),
            render: (_: unknown, s) => {
              const state = s.state as SeatStateName;
              const inCall = BUSY.includes(state);
              return (
                <Space size={4}>
                  <Button
                    size="small"
                    icon={<CheckCircleOutlined />}
                    disabled={inCall || state === 'available'}
                    onClick={() => onForce(s.id, 'available')}
                    data-testid={`force-available-${s.id}`}
                    aria-label={`${t('lead.forceAvailable')} ${s.id}`}
                  >
                    {t('lead.forceAvailable')}
                  </Button>
                  <Dropdown
                    disabled={inCall}
                    trigger={['click']}
                    menu={{
                      items: pickable.map((r) => ({ key: r, label: label('reason', r) })),
                      onClick: ({ key }) => onForce(s.id, 'not-ready', key),
                    }}
                  >
                    <Button size="small" icon={<PauseCircleOutlined />} data-testid={`force-not-ready-${s.id}`} aria-label={`${t('lead.forceNotReady')} ${s.id}`}>
                      {t('lead.forceNotReady')} <DownOutlined />
                    </Button>
                  </Dropdown>
                  <Button
                    size="small"
                    danger
                    disabled={inCall || state === 'offline'}
                    onClick={() => onForce(s.id, 'offline')}
                    data-testid={`force-offline-${s.id}`}
                    aria-label={`${t('lead.forceOffline')} ${s.id}`}
                  >
                    {t('lead.forceOffline')}
                  </Button>
                </Space>
              );
            },
          },
        ]}
      />
    </section>
  );
}

/**
 * Every seat with its live state, languages, desks, which contact an offer rings, the lead's per-seat
 * home-seat override, and the force-state actions (available, not ready with a reason, log out).
 */
import { Button, Dropdown, Space, Table } from 'antd';
import { CheckCircleOutlined, DisconnectOutlined, DownOutlined, PauseCircleOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n/use-label.js';
import type { CentreMode, SeatStateName, SeatView } from '../../api/types.js';
import { ContactModeTag, SeatStateTag } from '../status-tag/seat-state-tag.js';
import { StatusTag } from '../status-tag/status-tag.js';
import { SeatModeOverride } from './seat-mode-override.js';

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

export function SeatList({ seats, reasons, deskNames = {}, onForce, centreMode, onSeatMode }: SeatListProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const pickable = reasons.filter((r) => r !== 'missed-offer');
  return (
    <section aria-labelledby="seat-list-title" data-testid="seat-list">
      <h2 id="seat-list-title" className="section-title">
        {t('lead.seats')}
      </h2>
      <Table<SeatView>
        size="small"
        rowKey="id"
        dataSource={seats}
        pagination={seats.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
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
          { title: t('lead.seatLanguages'), render: (_: unknown, s) => s.languages.map((l) => t(`lang.${l}`)).join('、') },
          { title: t('lead.seatDesks'), render: (_: unknown, s) => s.desks.map((d) => deskNames[d] ?? d).join('、') },
          {
            title: t('lead.seatContact'),
            render: (_: unknown, s) => (
              <Space size={4} wrap>
                <ContactModeTag mode={s.contactMode} />
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

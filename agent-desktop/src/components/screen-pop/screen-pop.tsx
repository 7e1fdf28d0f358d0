/**
 * The screen-pop: who is calling, why the call came to this seat, and what happened before — shown the
 * moment an offer rings, before the agent answers, and kept beside the live call.
 */
import { Alert, Descriptions } from 'antd';
import {
  ClockCircleOutlined,
  HomeOutlined,
  SafetyCertificateOutlined,
  StarOutlined,
  SwapOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLabel } from '../../i18n/use-label.js';
import { useListFormat } from '../../i18n/list-format.js';
import { useConfigNames } from '../../i18n/config-names.js';
import { useRoutingReason } from '../../i18n/routing-reason.js';
import { Ltr } from '../../i18n/ltr.js';
import type { ScreenPop } from '../../api/types.js';
import { formatDuration } from '../../lib/format.js';
import { StatusTag } from '../status-tag/status-tag.js';
import { PopFlags } from './pop-flags.js';
import { PopContacts, PopTickets } from './pop-history.js';

export interface ScreenPopProps {
  pop: ScreenPop;
  /** Desk id → name, to name the desks of past contacts. */
  deskNames?: Record<string, string>;
  /** Seconds waited so far (ticks while ringing); defaults to the wait when the pop was built. */
  waitSeconds?: number;
  /** The call was answered: the pop says which contact it is on, no longer which one "will" ring. */
  answered?: boolean;
}

export function ScreenPopCard({ pop, deskNames = {}, waitSeconds, answered }: ScreenPopProps) {
  const { t } = useTranslation();
  const label = useLabel();
  const list = useListFormat();
  const names = useConfigNames();
  const reasonText = useRoutingReason();
  const c = pop.call;
  const didLabel = names.line(c.dialledNumber, c.didLabel || c.dialledNumber);
  const withheld = pop.historyWithheld === 'unverified-caller';
  // Parts that did not arrive in time: the agent must know the history shown is not the whole story.
  const missing = withheld ? [] : (pop.missing ?? []);
  const moved = pop.transferredFrom;
  const home = c.contactMode === 'home';
  const contactText = answered ? t(home ? 'desk.answeredHome' : 'desk.answeredOffice') : home ? t('pop.ringsHome') : t('pop.ringsOffice');
  return (
    <article className="screen-pop" data-testid="screen-pop" aria-labelledby="pop-caller-number">
      <header className="pop-header">
        <div>
          <span className="pop-number" id="pop-caller-number" data-testid="pop-caller-number" dir="ltr">
            {c.callerNumber}
          </span>
          {c.callerDisplayName && (
            <span className="pop-name" data-testid="pop-caller-name">
              {c.callerDisplayName}
            </span>
          )}
        </div>
        <div className="pop-header-tags">
          {c.callerVerified ? (
            <StatusTag tone="ok" icon={<SafetyCertificateOutlined />} testId="pop-verified">
              {t('pop.verified')}
            </StatusTag>
          ) : (
            <StatusTag tone="warn" icon={<WarningOutlined />} testId="pop-unverified">
              {t('pop.unverified')}
            </StatusTag>
          )}
          {pop.firstContact && !withheld && !moved && (
            <StatusTag tone="info" icon={<StarOutlined />} testId="pop-first-contact">
              {t('pop.firstContact')}
            </StatusTag>
          )}
          {home && (
            <StatusTag tone="home" icon={<HomeOutlined />} testId="pop-home-contact">
              {contactText}
            </StatusTag>
          )}
        </div>
      </header>

      {moved && (
        <Alert
          type="info"
          showIcon
          icon={<SwapOutlined />}
          data-testid="pop-transferred"
          message={t('desk.transferredTitle')}
          description={t('desk.transferredBy', {
            seat: moved.seatName ? `${moved.seatName} (${moved.seatId})` : moved.seatId,
            why:
              moved.to.kind === 'desk'
                ? t('desk.transferToDesk', { desk: deskNames[moved.to.desk] ?? (moved.to.desk === c.desk ? c.deskName : moved.to.desk) })
                : t('desk.transferToLanguage', { language: label('lang', moved.to.language) }),
          })}
        />
      )}

      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} className="pop-facts">
        <Descriptions.Item label={t('pop.did')}>
          <span data-testid="pop-did">
            {didLabel}
            {didLabel !== c.dialledNumber && !didLabel.includes(c.dialledNumber) ? (
              <>
                {' ('}
                <Ltr>{c.dialledNumber}</Ltr>)
              </>
            ) : null}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('pop.language')}>
          <span data-testid="pop-language">
            {label('lang', c.language)} ({t(`pop.${c.languageStrength}`)})
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('pop.desk')}>
          <span data-testid="pop-desk">{names.desk(c.desk, c.deskName || c.desk)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('pop.priority')}>
          <span data-testid="pop-priority" dir="ltr">
            {c.priority}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('pop.wait')}>
          <span data-testid="pop-wait">
            <ClockCircleOutlined aria-hidden /> <Ltr>{formatDuration(waitSeconds ?? c.waitSeconds)}</Ltr>
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('pop.contactMode')}>
          <span data-testid="pop-contact-mode">{contactText}</span>
        </Descriptions.Item>
      </Descriptions>

      <section className="pop-section" aria-labelledby="pop-reasons-title">
        <h3 id="pop-reasons-title">{t('pop.reasons')}</h3>
        <ul className="pop-reasons" data-testid="pop-reasons">
          {c.reasons.map((r, i) => (
            <li key={i} data-testid="pop-reason" data-source={r.source}>
              {reasonText(r)}
            </li>
          ))}
        </ul>
      </section>

      {pop.caller && pop.caller.tags.length > 0 && (
        <p className="pop-tags" data-testid="pop-tags">
          {t('pop.tags')}: {list(pop.caller.tags.map((tag) => label('callerTag', tag)))}
        </p>
      )}

      <PopFlags flags={pop.flags} />

      {withheld && <Alert type="warning" showIcon message={t('pop.historyWithheld')} data-testid="pop-history-withheld" />}
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="pop-missing"
          data-missing={missing.join(' ')}
          message={t('pop.missing', { parts: list(missing.map((p) => t(`pop.missingPart.${p}`))) })}
        />
      )}
      {pop.workOrderHistoryUnavailable && !missing.includes('work-orders') && (
        <Alert type="warning" showIcon message={t('pop.historyUnavailable')} data-testid="pop-history-unavailable" />
      )}

      {!withheld && (
        <div className="pop-history">
          <PopContacts contacts={pop.contacts} deskNames={{ ...deskNames, ...names.deskMap }} />
          <PopTickets tickets={pop.tickets} />
        </div>
      )}
    </article>
  );
}

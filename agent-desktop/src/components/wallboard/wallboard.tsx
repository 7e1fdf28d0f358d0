/**
 * The shift lead's live wallboard: queue (by language and desk, longest wait), seats by state, today's
 * answered / abandoned, answer rate and service level — numbers where a lead reads, bars where a lead
 * would rather look.
 */
import { Card, Col, Row, Statistic } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SeatStateName, WallboardView } from '../../api/types.js';
import { formatDuration, formatPercent } from '../../lib/format.js';
import { BarFigure, type ChartDatum } from './wallboard-charts.js';
import { ServiceLevelPanel } from '../service-level/service-level.js';
import { WhyWaitingText } from '../why-waiting/why-waiting.js';

const STATE_ORDER: SeatStateName[] = ['available', 'reserved', 'on-call', 'wrap-up', 'not-ready', 'offline'];
/** Same palette as the state tags (dark enough for labels; each bar also carries its name). */
const STATE_COLOURS: Record<SeatStateName, string> = {
  available: '#237804',
  reserved: '#0958d9',
  'on-call': '#a8071a',
  'wrap-up': '#531dab',
  'not-ready': '#ad4e00',
  offline: '#595959',
};

function sumBy<T>(items: T[], key: (t: T) => string, value: (t: T) => number): Map<string, number> {
  const m = new Map<string, number>();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + value(it));
  return m;
}

/** One headline number in a card; the test id sits on the wrapper (antd's Statistic does not forward it). */
function Stat({ testId, title, value }: { testId: string; title: string; value: string | number }) {
  return (
    <Card size="small" data-testid={testId} className="wb-stat">
      <Statistic title={title} value={value} />
    </Card>
  );
}

export function Wallboard({ board, deskNames = {} }: { board: WallboardView; deskNames?: Record<string, string> }) {
  const { t } = useTranslation();
  const byLanguage: ChartDatum[] = [...sumBy(board.waiting, (g) => g.language, (g) => g.count)].map(([k, v]) => ({
    key: k,
    label: t(`lang.${k}`),
    value: v,
  }));
  const byDesk: ChartDatum[] = [...sumBy(board.waiting, (g) => g.desk, (g) => g.count)].map(([k, v]) => ({
    key: k,
    label: deskNames[k] ?? k,
    value: v,
  }));
  const seats: ChartDatum[] = STATE_ORDER.map((s) => ({
    key: s,
    label: t(`state.${s}`),
    value: (board.seatsByState as Record<string, number>)[s] ?? 0,
    colour: STATE_COLOURS[s],
  }));
  const groups = [...board.waiting].sort((a, b) => b.longestWaitSeconds - a.longestWaitSeconds);

  return (
    <section className="wallboard" data-testid="wallboard" aria-labelledby="wallboard-title">
      <h2 id="wallboard-title" className="section-title">
        {t('lead.wallboard')}
      </h2>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={4}>
          <Stat testId="wb-waiting" title={t('lead.waiting')} value={board.waitingTotal} />
        </Col>
        <Col xs={12} md={4}>
          <Stat testId="wb-longest-wait" title={t('lead.longestWait')} value={formatDuration(board.longestWaitSeconds)} />
        </Col>
        <Col xs={12} md={4}>
          <Stat testId="wb-answered" title={t('lead.answeredToday')} value={board.answeredToday} />
        </Col>
        <Col xs={12} md={4}>
          <Stat testId="wb-abandoned" title={t('lead.abandonedToday')} value={board.abandonedToday} />
        </Col>
        <Col xs={12} md={4}>
          <Stat testId="wb-answer-rate" title={t('lead.answerRate')} value={formatPercent(board.answerRate)} />
        </Col>
        <Col xs={12} md={4}>
          <Stat testId="wb-service-level" title={t('serviceLevel.headline', { seconds: board.service.answerWithinSeconds })} value={formatPercent(board.serviceLevel)} />
        </Col>
      </Row>
      <Row gutter={[12, 12]} className="wallboard-charts">
        <Col xs={24} md={8}>
          <Card size="small">
            <BarFigure id="wb-seats" caption={t('lead.seatsByState')} data={seats} valueLabel={t('lead.seats')} testId="wb-seats-by-state" />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small">
            {byLanguage.length ? (
              <BarFigure id="wb-lang" caption={t('lead.waitingByLanguage')} data={byLanguage} valueLabel={t('lead.waiting')} testId="wb-by-language" />
            ) : (
              <p className="muted chart-empty">{t('lead.waitingByLanguage')}: {t('lead.noneWaiting')}</p>
            )}
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small">
            {byDesk.length ? (
              <BarFigure id="wb-desk" caption={t('lead.waitingByDesk')} data={byDesk} valueLabel={t('lead.waiting')} colour="#1d39c4" testId="wb-by-desk" />
            ) : (
              <p className="muted chart-empty">{t('lead.waitingByDesk')}: {t('lead.noneWaiting')}</p>
            )}
          </Card>
        </Col>
      </Row>
      {groups.length > 0 && (
        <table className="compact-table waiting-table" data-testid="wb-waiting-groups">
          <caption>{t('lead.waiting')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pop.language')}</th>
              <th scope="col">{t('pop.desk')}</th>
              <th scope="col">{t('lead.calls')}</th>
              <th scope="col">{t('lead.longestWait')}</th>
              <th scope="col">{t('whyWaiting.column')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={`${g.language}/${g.desk}`} data-testid="wb-waiting-group">
                <td>{t(`lang.${g.language}`)}</td>
                <td>{deskNames[g.desk] ?? g.desk}</td>
                <td>{g.count}</td>
                <td>{formatDuration(g.longestWaitSeconds)}</td>
                <td>
                  <WhyWaitingText why={g.why} language={g.language} desk={g.desk} at={board.at} deskNames={deskNames} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ServiceLevelPanel view={board.service} deskNames={deskNames} />
    </section>
  );
}

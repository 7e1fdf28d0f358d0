/**
 * The shift lead's screen. Live: the hand-over button, wallboard, home-seat switch, audit trail and the
 * seat list with force-state. Reports: the period report page. The REST reads (reports, hand-over,
 * filtered audit) need `api`; without it those parts are left out.
 */
import { useMemo } from 'react';
import { Col, Empty, Row, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useConfigNames } from '../i18n/config-names.js';
import type { LeadCommands } from '../api/commands.js';
import type { LeadApi } from '../api/lead-api.js';
import { AuditTrail } from '../components/audit-trail/audit-trail.js';
import { HomeSeatSwitch } from '../components/home-seat-switch/home-seat-switch.js';
import { HandoverSummary } from '../components/reports/handover-summary.js';
import { ReportPage } from '../components/reports/report-page.js';
import { SeatList } from '../components/seat-list/seat-list.js';
import { SupervisionPanel } from '../components/supervision/supervision-panel.js';
import { Wallboard } from '../components/wallboard/wallboard.js';
import { useCommand } from '../hooks/use-command/use-command.js';
import type { DesktopState } from '../state/desktop-state.js';
import type { StagedCallRequest } from '../api/lab-client.js';
import { StageCall } from '../components/stage-call/stage-call.js';

export function LeadView({ state, commands, stageCall, api }: { state: DesktopState; commands: LeadCommands; stageCall?: (req: StagedCallRequest) => Promise<{ callId: string }>; api?: LeadApi }) {
  const { t } = useTranslation();
  const { run } = useCommand();
  const configNames = useConfigNames();
  const deskNames = configNames.deskMap;
  const seatNames = useMemo(() => Object.fromEntries(state.seats.map((s) => [s.id, s.name])), [state.seats]);
  const names = useMemo(() => ({ ...Object.fromEntries(state.seats.map((s) => [s.id, s.name])), [state.user.id]: state.user.name }), [state.seats, state.user]);
  const presets = useMemo(() => Object.fromEntries(state.presets.map((p) => [p.id, configNames.preset(p.id, p.name)])), [state.presets, configNames]);
  // The report's default threshold is the centre's own (serviceLevel.answerWithinSeconds), as on the wallboard.
  const answerWithin = state.wallboard?.service.answerWithinSeconds;
  const live = (
    <>
      {api && (
        <div className="lead-toolbar">
          <HandoverSummary api={api} deskNames={deskNames} />
        </div>
      )}
      {state.wallboard ? <Wallboard board={state.wallboard} deskNames={deskNames} /> : <Empty description={t('app.reconnecting')} />}
      <Row gutter={[12, 12]} className="lead-row">
        <Col xs={24} lg={8}>
          <HomeSeatSwitch
            centreMode={state.centre.mode}
            activePreset={state.centre.preset}
            presets={state.presets}
            onPreflight={(mode) => commands.preflight(mode)}
            onConfirm={({ mode, presetId, reason }) => commands.setCentreMode(mode, reason, presetId)}
          />
        </Col>
        <Col xs={24} lg={state.lab && stageCall ? 10 : 16}>
          <AuditTrail entries={state.audit} limit={12} names={names} presets={presets} {...(api ? { api } : {})} />
        </Col>
        {state.lab && stageCall && (
          // Lab mode only: the bridge sends `lab` in the snapshot of leads and admins nowhere else.
          <Col xs={24} lg={6}>
            <StageCall lab={state.lab} onStage={stageCall} />
          </Col>
        )}
      </Row>
      <SupervisionPanel
        calls={state.liveCalls}
        seatNames={seatNames}
        supervisions={state.supervisions}
        userId={state.user.id}
        onSupervise={(callId, mode, contact) => commands.supervise(callId, mode, contact)}
        onMode={(id, mode) => commands.setSupervisionMode(id, mode)}
        onLeave={(id) => commands.leaveSupervision(id)}
      />
      <SeatList
        seats={state.seats}
        reasons={state.notReadyReasons}
        deskNames={deskNames}
        onForce={(seatId, s, reason) => run(() => commands.forceSeatState(seatId, s, reason))}
        centreMode={state.centre.mode}
        onSeatMode={(seatId, mode, reason) => commands.setSeatMode(seatId, mode, reason)}
      />
    </>
  );
  return (
    <main className="lead-view" data-testid="lead-view">
      {api ? (
        <Tabs
          defaultActiveKey="live"
          items={[
            { key: 'live', label: <span data-testid="lead-tab-live">{t('reports.liveTab')}</span>, children: live },
            { key: 'reports', label: <span data-testid="lead-tab-reports">{t('reports.tab')}</span>, children: <ReportPage key={answerWithin ?? 'default'} api={api} {...(answerWithin ? { defaultAnswerWithin: answerWithin } : {})} /> },
          ]}
        />
      ) : (
        live
      )}
    </main>
  );
}

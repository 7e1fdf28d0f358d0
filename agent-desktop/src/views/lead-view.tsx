/** The shift lead's screen: wallboard, home-seat switch, audit trail, and the seat list with force-state. */
import { Col, Empty, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LeadCommands } from '../api/commands.js';
import { AuditTrail } from '../components/audit-trail/audit-trail.js';
import { HomeSeatSwitch } from '../components/home-seat-switch/home-seat-switch.js';
import { SeatList } from '../components/seat-list/seat-list.js';
import { Wallboard } from '../components/wallboard/wallboard.js';
import { useCommand } from '../hooks/use-command/use-command.js';
import type { DesktopState } from '../state/desktop-state.js';
import type { StagedCallRequest } from '../api/lab-client.js';
import { StageCall } from '../components/stage-call/stage-call.js';
import { useConfigNames } from '../i18n/config-names.js';

export function LeadView({ state, commands, stageCall }: { state: DesktopState; commands: LeadCommands; stageCall?: (req: StagedCallRequest) => Promise<{ callId: string }> }) {
  const { t } = useTranslation();
  const { run } = useCommand();
  const deskNames = useConfigNames().deskMap;
  return (
    <main className="lead-view" data-testid="lead-view">
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
          <AuditTrail entries={state.audit} limit={12} />
        </Col>
        {state.lab && stageCall && (
          // Lab mode only: the bridge sends `lab` in the snapshot of leads and admins nowhere else.
          <Col xs={24} lg={6}>
            <StageCall lab={state.lab} onStage={stageCall} />
          </Col>
        )}
      </Row>
      <SeatList
        seats={state.seats}
        reasons={state.notReadyReasons}
        deskNames={deskNames}
        onForce={(seatId, s, reason) => run(() => commands.forceSeatState(seatId, s, reason))}
        centreMode={state.centre.mode}
        onSeatMode={(seatId, mode, reason) => commands.setSeatMode(seatId, mode, reason)}
      />
    </main>
  );
}

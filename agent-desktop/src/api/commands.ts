/** What the views can ask of the bridge; each resolves when the hub acknowledges, rejects with its reason. */
import type { AuditPage, AuditQuery, CentreMode, Language, PreflightReport, SupervisionContact, SupervisionMode, SupervisionView, TransferTarget, WrapUpInput } from './types.js';
import type { ForcedState } from '../components/seat-list/seat-list.js';

export interface AgentCommands {
  setAvailable(): Promise<void>;
  setNotReady(reason: string): Promise<void>;
  accept(callId: string): Promise<void>;
  reject(callId: string): Promise<void>;
  hold(callId: string): Promise<void>;
  resume(callId: string): Promise<void>;
  transfer(callId: string, to: TransferTarget): Promise<void>;
  conference(callId: string, number: string): Promise<void>;
  /** Hang up the three-way's third party; the agent stays with the caller. */
  dropThirdParty(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  correctLanguage(callId: string, language: Language): Promise<void>;
  completeWrapUp(input: WrapUpInput): Promise<void>;
  /** What the agent has typed so far: kept by the bridge if wrap-up time runs out first. */
  saveWrapUpDraft(draft: Partial<WrapUpInput>): Promise<void>;
}

export interface LeadCommands {
  forceSeatState(seatId: string, state: ForcedState, reason?: string): Promise<void>;
  preflight(mode: CentreMode): Promise<PreflightReport>;
  setCentreMode(mode: CentreMode, reason: string, presetId: string | null): Promise<void>;
  /** One seat's override of the centre mode; null = follow the centre again. */
  setSeatMode(seatId: string, mode: CentreMode | null, reason: string): Promise<void>;
  /** A page of the audit trail from the store, newest first (`before`: the oldest id already shown). */
  audit(query: AuditQuery): Promise<AuditPage>;
  /** The lead's phone rings, then joins the call in `mode`. */
  supervise(callId: string, mode: SupervisionMode, contact: SupervisionContact): Promise<SupervisionView>;
  setSupervisionMode(supervisionId: string, mode: SupervisionMode): Promise<void>;
  leaveSupervision(supervisionId: string): Promise<void>;
}

export type DesktopCommands = AgentCommands & LeadCommands;

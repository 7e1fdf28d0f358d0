/**
 * The types the desktop renders. All of them come from the bridge as TYPE-ONLY imports (erased at build
 * time): the SPA shares the contract, never the server code.
 */
export type {
  AuditEntry,
  CallView,
  DrainState,
  ContactMode,
  PreflightReport,
  SeatState,
  ServiceLevelView,
  WhyWaiting,
  SeatView,
  SupervisionContact,
  SupervisionMode,
  SupervisionView,
  TransferTarget,
  WaitingGroup,
  WallboardView,
  WrapUpInput,
} from '../../../bridge/calls/call-center-api.js';
export type { ScreenPop, ScreenPopContact, ScreenPopFlag, ScreenPopTicket } from '../../../bridge/history/history-ports.js';
export type { CentreMode, DeskId, Language, RoutingReason } from '../../../bridge/domain/types.js';

import type { SeatState } from '../../../bridge/calls/call-center-api.js';

/** SeatState as its wire strings ('available', 'not-ready' …): usable as values without importing the enum. */
export type SeatStateName = `${SeatState}`;

export type {
  DeskOption,
  PresetOption,
  LineOption,
  RegionOption,
  LocalNames,
  LanguageOption,
  Role,
  HubUser as DesktopUser,
  SnapshotPayload,
  SupervisedPayload,
  OfferPayload,
  ServerToClientEvents,
  ClientToServerEvents,
  AckResult,
  AuditPage,
  AuditQuery,
  CommandName,
  CommandResults,
  LabStaging,
} from '../../../bridge/hub/events.js';

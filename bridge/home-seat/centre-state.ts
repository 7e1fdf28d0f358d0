/**
 * What the centre decided and must survive a restart: the centre mode (with its surge preset), per-seat
 * overrides, and each seat's chosen state (available / not ready with its reason / offline). The store
 * keeps it (bridge/store); the call centre restores it before the first call is routed.
 */
import type { CentreMode, SeatId } from '../domain/types.js';

export interface SavedCentreMode {
  mode: CentreMode;
  preset: string | null;
  reason: string;
  by: string;
  since: number;
}

export interface SavedSeatOverride {
  seatId: SeatId;
  mode: CentreMode;
  reason: string;
  by: string;
  at: number;
}

/** Only the states a person chooses persist; ringing, talking and wrap-up belong to calls. */
export type ChosenSeatState = 'available' | 'not-ready' | 'offline';

export interface SavedSeatState {
  seatId: SeatId;
  state: ChosenSeatState;
  reason: string | null;
  since: number;
}

export interface SavedCentreState {
  centre: SavedCentreMode | null;
  overrides: SavedSeatOverride[];
  seats: SavedSeatState[];
}

/** What the call centre said about a restore: one line for the start-up log, and what it could not take. */
export interface RestoreReport {
  summary: string;
  problems: string[];
}

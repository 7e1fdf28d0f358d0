/**
 * What the centre decided, kept so a restart (or the standby taking over) starts from it: the centre
 * mode with its preset, per-seat overrides and each seat's chosen state. One row per thing; a save
 * replaces the row, so the tables never grow with use.
 */
import type { Kysely } from 'kysely';
import type { CentreMode } from '../domain/types.js';
import type { ChosenSeatState, SavedCentreMode, SavedCentreState, SavedSeatOverride, SavedSeatState } from '../home-seat/centre-state.js';
import type { StoreDatabase } from './db-schema.js';
import { runPlan, type WritePlan } from './write-plan.js';

export interface CentreModeTable {
  /** Always 1: the centre has one mode. */
  id: number;
  mode: string;
  preset: string | null;
  reason: string;
  by_user: string;
  since: number;
}

export interface SeatOverridesTable {
  seat_id: string;
  mode: string;
  reason: string;
  by_user: string;
  at: number;
}

export interface SeatStatesTable {
  seat_id: string;
  state: string;
  reason: string | null;
  since: number;
}

export interface CentreStateTables {
  centre_mode: CentreModeTable;
  seat_overrides: SeatOverridesTable;
  seat_states: SeatStatesTable;
}

/** The store's side of centre state (bridge/home-seat/centre-state.ts has the shapes). */
export interface CentreStateRecords {
  saveCentreMode(m: SavedCentreMode): Promise<void>;
  /** `null` clears the seat's override (it follows the centre again). */
  saveSeatOverride(seatId: string, o: Omit<SavedSeatOverride, 'seatId'> | null): Promise<void>;
  saveSeatState(s: SavedSeatState): Promise<void>;
  load(): Promise<SavedCentreState>;
}

type Db = Kysely<StoreDatabase & CentreStateTables>;

const MODES = new Set<string>(['office', 'home']);
const SEAT_STATES = new Set<string>(['available', 'not-ready', 'offline']);

/** Statements, shared by the direct methods below and the write-behind queue's centre-state op kinds. */
export function centreModePlan(db: Kysely<StoreDatabase>, m: SavedCentreMode): WritePlan {
  const row = { mode: m.mode, preset: m.preset, reason: m.reason, by_user: m.by, since: m.since };
  return [{ query: (db as unknown as Db).insertInto('centre_mode').values({ id: 1, ...row }).onConflict((oc) => oc.column('id').doUpdateSet(row)).compile() }];
}

export function writeCentreMode(db: Kysely<StoreDatabase>, m: SavedCentreMode): Promise<void> {
  return runPlan(db, centreModePlan(db, m));
}

export function seatOverridePlan(db: Kysely<StoreDatabase>, seatId: string, o: Omit<SavedSeatOverride, 'seatId'> | null): WritePlan {
  const d = db as unknown as Db;
  if (!o) return [{ query: d.deleteFrom('seat_overrides').where('seat_id', '=', seatId).compile() }];
  const row = { mode: o.mode, reason: o.reason, by_user: o.by, at: o.at };
  return [{ query: d.insertInto('seat_overrides').values({ seat_id: seatId, ...row }).onConflict((oc) => oc.column('seat_id').doUpdateSet(row)).compile() }];
}

export function writeSeatOverride(db: Kysely<StoreDatabase>, seatId: string, o: Omit<SavedSeatOverride, 'seatId'> | null): Promise<void> {
  return runPlan(db, seatOverridePlan(db, seatId, o));
}

export function seatStatePlan(db: Kysely<StoreDatabase>, s: SavedSeatState): WritePlan {
  const row = { state: s.state, reason: s.reason, since: s.since };
  return [{ query: (db as unknown as Db).insertInto('seat_states').values({ seat_id: s.seatId, ...row }).onConflict((oc) => oc.column('seat_id').doUpdateSet(row)).compile() }];
}

export function writeSeatState(db: Kysely<StoreDatabase>, s: SavedSeatState): Promise<void> {
  return runPlan(db, seatStatePlan(db, s));
}

export class StoreCentreState implements CentreStateRecords {
  private readonly db: Db;
  constructor(db: Kysely<StoreDatabase>) {
    this.db = db as unknown as Db;
  }

  saveCentreMode(m: SavedCentreMode): Promise<void> {
    return writeCentreMode(this.db as unknown as Kysely<StoreDatabase>, m);
  }

  saveSeatOverride(seatId: string, o: Omit<SavedSeatOverride, 'seatId'> | null): Promise<void> {
    return writeSeatOverride(this.db as unknown as Kysely<StoreDatabase>, seatId, o);
  }

  saveSeatState(s: SavedSeatState): Promise<void> {
    return writeSeatState(this.db as unknown as Kysely<StoreDatabase>, s);
  }

  /** Rows a newer or foreign version wrote with values this one does not know are skipped, not guessed at. */
  async load(): Promise<SavedCentreState> {
    const [centre, overrides, seats] = await Promise.all([
      this.db.selectFrom('centre_mode').selectAll().where('id', '=', 1).executeTakeFirst(),
      this.db.selectFrom('seat_overrides').selectAll().orderBy('seat_id').execute(),
      this.db.selectFrom('seat_states').selectAll().orderBy('seat_id').execute(),
    ]);
    return {
      centre:
        centre && MODES.has(centre.mode)
          ? { mode: centre.mode as CentreMode, preset: centre.preset, reason: centre.reason, by: centre.by_user, since: Number(centre.since) }
          : null,
      overrides: overrides
        .filter((o) => MODES.has(o.mode))
        .map((o) => ({ seatId: o.seat_id, mode: o.mode as CentreMode, reason: o.reason, by: o.by_user, at: Number(o.at) })),
      seats: seats
        .filter((s) => SEAT_STATES.has(s.state))
        .map((s) => ({ seatId: s.seat_id, state: s.state as ChosenSeatState, reason: s.reason, since: Number(s.since) })),
    };
  }
}

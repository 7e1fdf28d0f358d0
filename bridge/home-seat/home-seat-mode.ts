/**
 * Centre mode (office | home), per-seat overrides and the active surge preset. A switch changes only what
 * the NEXT offer rings: calls ringing, connected or on hold keep their legs (the coordinator never touches
 * them). Every switch is an audit entry.
 */
import type { AcdSurge } from '../acd/acd-types.js';
import type { AuditEntry, ContactMode, PreflightReport } from '../calls/call-center-api.js';
import type { SurgePreset } from '../config/schema.js';
import type { CentreMode, SeatId, SeatSpec } from '../domain/types.js';
import { AuditTrail } from './audit-trail.js';
import { effectiveMode, selectContact } from './contact-selection.js';
import { buildPreflight } from './preflight.js';
import { resolvePreset, UnknownPresetError } from './surge-presets.js';
import type { SavedCentreMode, SavedSeatOverride } from './centre-state.js';

export interface CentreModeState {
  mode: CentreMode;
  preset: string | null;
  reason: string;
  since: number;
  by: string;
}

export interface ModeChange {
  audit: AuditEntry;
  /** Seats whose effective mode changed (their next offer rings another contact, or none). */
  changedSeats: SeatId[];
  /** The surge preset to apply; undefined = unchanged. */
  surge?: AcdSurge | null;
}

export class HomeSeatMode {
  private state: CentreModeState;
  private readonly overrides = new Map<SeatId, CentreMode>();
  private readonly unreachable = new Map<string, number>();
  readonly audit = new AuditTrail();

  constructor(
    private readonly seats: () => readonly SeatSpec[],
    private readonly presets: readonly SurgePreset[],
    now: number,
  ) {
    this.state = { mode: 'office', preset: null, reason: 'start', since: now, by: 'system' };
  }

  centre(): Readonly<CentreModeState> {
    return this.state;
  }

  override(seatId: SeatId): CentreMode | null {
    return this.overrides.get(seatId) ?? null;
  }

  seatMode(seatId: SeatId): CentreMode {
    return effectiveMode(this.state.mode, this.overrides.get(seatId));
  }

  /** What an offer to this seat rings now; null = nothing (home mode without a home contact). */
  contact(seat: SeatSpec): { contactMode: ContactMode; contact: string } | null {
    return selectContact(seat, this.seatMode(seat.id));
  }

  /**
   * Switch the centre. `presetId`: a preset id to apply, null to clear it, undefined to keep the current
   * one in home mode and clear it when going back to the office.
   */
  setCentreMode(actor: string, mode: CentreMode, reason: string, presetId: string | null | undefined, now: number): ModeChange {
    const nextPreset = presetId === undefined ? (mode === 'office' ? null : this.state.preset) : presetId;
    const surge = nextPreset === this.state.preset ? undefined : nextPreset === null ? null : resolvePreset(this.presets, nextPreset);
    const before = this.modes();
    this.state = { mode, preset: nextPreset, reason, since: now, by: actor };
    const changedSeats = this.changedSince(before);
    const audit = this.audit.record(now, actor, 'centre-mode', { mode, preset: nextPreset, reason, seatsAffected: changedSeats.length });
    return { audit, changedSeats, surge };
  }

  setSeatOverride(actor: string, seatId: SeatId, mode: CentreMode | null, reason: string, now: number): ModeChange {
    const before = this.modes();
    if (mode === null) this.overrides.delete(seatId);
    else this.overrides.set(seatId, mode);
    const audit = this.audit.record(now, actor, 'seat-mode-override', { seatId, mode, reason });
    return { audit, changedSeats: this.changedSince(before) };
  }

  /**
   * Take back what was decided before a restart (no audit entry: nothing changed, it was remembered).
   * A preset that is no longer in the config cannot be guessed: the centre starts in office mode and the
   * caller is told, so it can say so loudly and audit it.
   */
  restore(centre: SavedCentreMode | null, overrides: readonly SavedSeatOverride[]): { surge: AcdSurge | null; unknownPreset?: string; unknownSeats: SeatId[] } {
    const known = new Set(this.seats().map((s) => s.id));
    const unknownSeats: SeatId[] = [];
    for (const o of overrides) {
      if (known.has(o.seatId)) this.overrides.set(o.seatId, o.mode);
      else unknownSeats.push(o.seatId);
    }
    if (!centre) return { surge: null, unknownSeats };
    if (centre.preset !== null) {
      try {
        const surge = resolvePreset(this.presets, centre.preset);
        this.state = { ...centre };
        return { surge, unknownSeats };
      } catch (err) {
        if (!(err instanceof UnknownPresetError)) throw err;
        this.state = { mode: 'office', preset: null, reason: `restored preset "${centre.preset}" is no longer configured`, since: centre.since, by: 'system' };
        return { surge: null, unknownPreset: centre.preset, unknownSeats };
      }
    }
    this.state = { ...centre };
    return { surge: null, unknownSeats };
  }

  /** Remember contacts that could not be reached (shown by the pre-flight) and forget them once answered. */
  noteOffer(contact: string, outcome: 'answered' | 'unreachable', now: number): void {
    if (outcome === 'answered') this.unreachable.delete(contact);
    else this.unreachable.set(contact, now);
  }

  preflight(targetMode: CentreMode): PreflightReport {
    return buildPreflight({ seats: this.seats(), targetMode, overrides: this.overrides, unreachable: this.unreachable });
  }

  private modes(): Map<SeatId, CentreMode> {
    return new Map(this.seats().map((s) => [s.id, this.seatMode(s.id)]));
  }

  private changedSince(before: Map<SeatId, CentreMode>): SeatId[] {
    return this.seats().filter((s) => before.get(s.id) !== this.seatMode(s.id)).map((s) => s.id);
  }
}

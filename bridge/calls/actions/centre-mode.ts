/**
 * Home-seat switch by a shift lead: centre mode, per-seat override, surge preset. Only what the NEXT offer
 * rings changes; calls ringing, connected or on hold are left exactly as they are.
 */
import { z } from 'zod';
import type { CentreMode, SeatId } from '../../domain/types.js';
import type { ModeChange } from '../../home-seat/home-seat-mode.js';
import { UnknownPresetError } from '../../home-seat/surge-presets.js';
import { CommandError } from '../call-center-api.js';
import type { CoreAccess, EventOutput, SeatDirectory } from '../call-center-context.js';
import type { Logger } from 'pino';
import { mustSeat } from './ownership.js';

const switchSchema = z.object({
  actor: z.string().min(1).max(64),
  mode: z.enum(['office', 'home']),
  reason: z.string().trim().min(1, 'a reason is required').max(200),
  presetId: z.string().min(1).nullable().optional(),
});

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) throw new CommandError('invalid-input', r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
  return r.data;
}

export class CentreModeSwitch {
  constructor(private readonly ctx: CoreAccess & EventOutput & Pick<SeatDirectory, 'home' | 'syncContact'> & { readonly logger: Logger }) {}

  setCentreMode(actor: string, mode: CentreMode, reason: string, presetId?: string | null): void {
    const input = parse(switchSchema, { actor, mode, reason, presetId });
    const now = this.ctx.clock.now();
    let change: ModeChange;
    try {
      change = this.ctx.home.setCentreMode(input.actor, input.mode, input.reason, input.presetId, now);
    } catch (err) {
      if (err instanceof UnknownPresetError) throw new CommandError('invalid-input', err.message);
      throw err;
    }
    const state = this.ctx.home.centre();
    this.ctx.logger.info({ mode: state.mode, preset: state.preset, by: input.actor, seatsAffected: change.changedSeats.length }, 'centre mode switched');
    this.ctx.events.emit({ type: 'centre-mode', at: now, mode: state.mode, preset: state.preset, reason: state.reason, by: state.by });
    this.ctx.events.emit({ type: 'audit', entry: change.audit });
    this.applyChange(change);
  }

  setSeatModeOverride(actor: string, seatId: SeatId, mode: CentreMode | null, reason: string): void {
    mustSeat(this.ctx, seatId);
    const input = parse(switchSchema.extend({ mode: z.enum(['office', 'home']).nullable() }), { actor, mode, reason });
    const change = this.ctx.home.setSeatOverride(input.actor, seatId, input.mode, input.reason, this.ctx.clock.now());
    this.ctx.events.emit({ type: 'audit', entry: change.audit });
    this.applyChange(change);
    if (!change.changedSeats.includes(seatId)) this.ctx.emitSeat(seatId); // override shown even if the mode is the same
  }

  private applyChange(change: ModeChange): void {
    for (const seatId of change.changedSeats) {
      this.ctx.syncContact(seatId);
      this.ctx.emitSeat(seatId);
    }
    if (change.surge !== undefined) this.ctx.apply(this.ctx.acd.setSurge(change.surge, this.ctx.clock.now()));
  }
}

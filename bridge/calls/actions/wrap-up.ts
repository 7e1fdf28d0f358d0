/** The agent finishes wrap-up with a disposition; the seat returns to its previous state. */
import { z } from 'zod';
import type { SeatId } from '../../domain/types.js';
import { CommandError, SeatState, type WrapUpInput } from '../call-center-api.js';
import type { CoreAccess } from '../call-center-context.js';
import type { WrapUpNotes } from '../wrap-up-notes.js';
import { mustSeat } from './ownership.js';

export const wrapUpInputSchema = z.object({
  disposition: z.enum(['resolved', 'ticket-created', 'transferred', 'linked', 'callback', 'no-action']),
  category: z.string().trim().min(1).max(64).optional(),
  note: z.string().max(2000).optional(),
});

export const wrapUpDraftSchema = z.object({
  disposition: wrapUpInputSchema.shape.disposition.optional(),
  category: z.string().trim().max(64).optional(),
  note: z.string().max(2000).optional(),
});

export class CompleteWrapUp {
  constructor(private readonly ctx: CoreAccess & { readonly wrapUps: WrapUpNotes }) {}

  exec(seatId: SeatId, input: WrapUpInput): void {
    const seat = mustSeat(this.ctx, seatId);
    const parsed = wrapUpInputSchema.safeParse(input);
    if (!parsed.success) throw new CommandError('invalid-input', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (seat.state !== SeatState.WrapUp) throw new CommandError('invalid-state', `seat ${seatId} is ${seat.state}, not in wrap-up`);
    this.ctx.wrapUps.give(seatId, parsed.data);
    this.ctx.apply(this.ctx.acd.completeWrapUp(seatId, this.ctx.clock.now()));
  }

  /** The agent is typing: keep the latest form so a timed-out wrap-up still records it. */
  draft(seatId: SeatId, input: Partial<WrapUpInput>): void {
    const seat = mustSeat(this.ctx, seatId);
    const parsed = wrapUpDraftSchema.safeParse(input);
    if (!parsed.success) throw new CommandError('invalid-input', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    if (seat.state !== SeatState.WrapUp || !seat.lastCallId) throw new CommandError('invalid-state', `seat ${seatId} is ${seat.state}, not in wrap-up`);
    this.ctx.wrapUps.draft(seatId, seat.lastCallId, parsed.data);
  }
}

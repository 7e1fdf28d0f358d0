/**
 * What an agent gives for wrap-up: the completed input (held until the core ends the wrap-up and it is
 * recorded) and, while they type, a draft. When wrap-up time runs out before they complete it, the draft
 * is what gets recorded (disposition `auto-closed`), so nothing typed is thrown away.
 */
import type { SeatId } from '../domain/types.js';
import type { WrapUpInput } from './call-center-api.js';

export type WrapUpDraft = Partial<Pick<WrapUpInput, 'disposition' | 'category' | 'note'>>;

/** What the wrap-up ended with, as the call event `wrap-up-done` carries it. */
export type WrapUpOutcome =
  | (WrapUpInput & { auto: false })
  | { auto: true; disposition: 'auto-closed'; draftDisposition?: WrapUpInput['disposition']; category?: string; note?: string; typed: boolean };

export class WrapUpNotes {
  private readonly given = new Map<SeatId, WrapUpInput>();
  private readonly drafts = new Map<SeatId, { callId: string; draft: WrapUpDraft }>();

  give(seatId: SeatId, input: WrapUpInput): void {
    this.given.set(seatId, input);
  }

  /** The latest draft replaces the previous one (the desktop sends the whole form, debounced). */
  draft(seatId: SeatId, callId: string, draft: WrapUpDraft): void {
    this.drafts.set(seatId, { callId, draft: { ...draft } });
  }

  /** The seat's wrap-up for `callId` is over: what it ended with, handed out once. */
  take(seatId: SeatId, callId: string | undefined): WrapUpOutcome {
    const input = this.given.get(seatId);
    const saved = this.drafts.get(seatId);
    this.given.delete(seatId);
    this.drafts.delete(seatId);
    if (input) return { ...input, auto: false };
    const draft = saved && saved.callId === callId ? saved.draft : {};
    const category = draft.category?.trim() || undefined;
    const note = draft.note?.trim() ? draft.note : undefined;
    return {
      auto: true,
      disposition: 'auto-closed',
      ...(draft.disposition ? { draftDisposition: draft.disposition } : {}),
      ...(category ? { category } : {}),
      ...(note ? { note } : {}),
      typed: Boolean(draft.disposition || category || note),
    };
  }
}

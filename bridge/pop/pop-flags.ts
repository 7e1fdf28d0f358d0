/**
 * The pop's flags, from store counts and tickets, with thresholds from config `history`:
 *   一人多次 repeat-caller: same caller, same category, ≥ repeatCaller.count contacts in repeatCaller.days
 *   一事多人 same-matter:   ≥ sameMatter.callers distinct callers, same category and place, in sameMatter.days
 *   催办 urged:            a ticket dissatisfied ≥ dissatisfiedUrge times
 *   督办 supervised:       a ticket dissatisfied ≥ dissatisfiedSupervise times (replaces urged)
 */
import type { HotlineConfig } from '../config/schema.js';
import type { ScreenPopFlag, ScreenPopTicket } from '../history/history-ports.js';
import type { CallerPopData } from '../store/store-api.js';

export function popFlags(history: HotlineConfig['history'], data: Pick<CallerPopData, 'categoryCounts' | 'sameMatter'>, tickets: ScreenPopTicket[]): ScreenPopFlag[] {
  const flags: ScreenPopFlag[] = [];
  for (const c of data.categoryCounts)
    if (c.count >= history.repeatCaller.count) flags.push({ kind: 'repeat-caller', category: c.category, count: c.count, days: history.repeatCaller.days });
  for (const m of data.sameMatter)
    if (m.callers >= history.sameMatter.callers) flags.push({ kind: 'same-matter', category: m.category, place: m.place, callers: m.callers, days: history.sameMatter.days });
  for (const t of tickets) {
    if (t.dissatisfiedCount >= history.dissatisfiedSupervise) flags.push({ kind: 'supervised', ticket: t.number, dissatisfied: t.dissatisfiedCount });
    else if (t.dissatisfiedCount >= history.dissatisfiedUrge) flags.push({ kind: 'urged', ticket: t.number, dissatisfied: t.dissatisfiedCount });
  }
  return flags;
}

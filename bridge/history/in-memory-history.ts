/**
 * Caller history held in memory: serves routing tests and any run without a store. Seeded from
 * fixtures/seed/callers.ts; agents' language corrections land here through `setPreferredLanguage`.
 * Returns copies, so a caller of `routingFacts` cannot change what the next call sees.
 */
import type { Language } from '../domain/types.js';
import type { CallerHistorySource, CallerRoutingFacts } from './history-ports.js';
import { SEED_CALLERS, type SeedCaller } from '../../fixtures/seed/callers.js';

const copy = (f: CallerRoutingFacts): CallerRoutingFacts => ({ ...f, tags: [...f.tags] });

export class InMemoryHistory implements CallerHistorySource {
  private readonly callers = new Map<string, CallerRoutingFacts>();

  constructor(seed: readonly SeedCaller[] = SEED_CALLERS) {
    for (const c of seed) this.callers.set(c.number, copy(c.facts));
  }

  async routingFacts(callerNumber: string): Promise<CallerRoutingFacts> {
    const f = this.callers.get(callerNumber);
    return f ? copy(f) : { tags: [], openRepeatComplaints: 0 };
  }

  /** An agent corrected the caller's language: it decides the next calls' routing. */
  setPreferredLanguage(number: string, language: Language, reason = '坐席已更正语言'): void {
    const f = this.callers.get(number) ?? { tags: [], openRepeatComplaints: 0 };
    this.callers.set(number, { ...f, language, languageReason: reason });
  }

  setTags(number: string, tags: readonly string[]): void {
    const f = this.callers.get(number) ?? { tags: [], openRepeatComplaints: 0 };
    this.callers.set(number, { ...f, tags: [...new Set(tags)] });
  }

  setOpenRepeatComplaints(number: string, count: number): void {
    const f = this.callers.get(number) ?? { tags: [], openRepeatComplaints: 0 };
    this.callers.set(number, { ...f, openRepeatComplaints: Math.max(0, Math.trunc(count)) });
  }
}

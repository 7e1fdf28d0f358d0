/** Recent audit entries kept in memory for the desktop; the store persists them from the event stream. */
import type { AuditEntry } from '../calls/call-center-api.js';

export class AuditTrail {
  private readonly entries: AuditEntry[] = [];

  constructor(private readonly keep = 500) {}

  record(at: number, actor: string, action: string, detail: Record<string, unknown>): AuditEntry {
    const entry: AuditEntry = { at, actor, action, detail };
    this.entries.push(entry);
    if (this.entries.length > this.keep) this.entries.splice(0, this.entries.length - this.keep);
    return entry;
  }

  recent(n = 50): AuditEntry[] {
    return this.entries.slice(-n);
  }
}

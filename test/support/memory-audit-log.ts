/**
 * The audit trail for hub tests that run without a store: fed by the call centre's audit events, paged
 * and filtered like the store's (bridge/store). The product always reads the store.
 */
import type { CallCenter } from '../../bridge/calls/call-center-api.js';
import type { AuditReader } from '../../bridge/hub/command-handlers.js';
import type { AuditPage, AuditQuery } from '../../bridge/hub/events.js';

export function memoryAuditLog(callCenter: Pick<CallCenter, 'on'>): AuditReader {
  const entries: AuditPage['entries'] = [];
  callCenter.on((e) => {
    if (e.type === 'audit') entries.push({ ...e.entry, id: entries.length + 1 });
  });
  return {
    async listAudit(q: Partial<AuditQuery> & { limit: number }): Promise<AuditPage> {
      const hits = entries
        .filter((e) => (q.before === undefined || e.id < q.before) && (!q.actor || e.actor === q.actor) && (!q.action || e.action === q.action))
        .filter((e) => (q.from === undefined || e.at >= q.from) && (q.to === undefined || e.at < q.to))
        .reverse();
      return { entries: hits.slice(0, q.limit), hasMore: hits.length > q.limit };
    },
  };
}

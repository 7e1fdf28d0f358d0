/**
 * The lead's REST reads: reports, the hand-over and the filtered audit trail, plus their CSV downloads.
 * The session token goes in the Authorization header (never in a URL), so a download is fetched and
 * handed to the browser as a blob.
 */
import type { HandoverResponse, ReportResponse } from '../../../bridge/api/report-routes.js';
import type { ReportGroupBy } from '../../../bridge/store/report-queries.js';
import type { AuditPage } from './types.js';

export type { HandoverResponse, ReportResponse, ReportGroupBy };

export interface ReportParams {
  /** Local dates YYYY-MM-DD, both inclusive. */
  from: string;
  to: string;
  groupBy: ReportGroupBy;
  answerWithin: number;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  /** Local dates YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
  before?: number;
}

export interface LeadApi {
  report(p: ReportParams): Promise<ReportResponse>;
  downloadReport(p: ReportParams, lang: string): Promise<void>;
  handover(): Promise<HandoverResponse>;
  audit(f: AuditFilter): Promise<AuditPage>;
  downloadAudit(f: AuditFilter, lang: string): Promise<void>;
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  return q.toString();
}

/** Saves a blob under a name (a temporary link the browser follows). */
function save(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function filenameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1];
  if (star) return decodeURIComponent(star);
  return /filename="([^"]+)"/i.exec(cd)?.[1] ?? fallback;
}

export function restLeadApi(token: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): LeadApi {
  const get = async (path: string): Promise<Response> => {
    const res = await fetchImpl(path, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { message?: string } | null;
      throw new Error(body?.message ?? `HTTP ${res.status}`);
    }
    return res;
  };
  const reportQuery = (p: ReportParams) => ({ from: p.from, to: p.to, groupBy: p.groupBy, answerWithin: p.answerWithin });
  const auditQuery = (f: AuditFilter) => ({ actor: f.actor, action: f.action, from: f.from, to: f.to });
  return {
    report: async (p) => (await (await get(`/api/reports?${query(reportQuery(p))}`)).json()) as ReportResponse,
    async downloadReport(p, lang) {
      const res = await get(`/api/reports?${query({ ...reportQuery(p), format: 'csv', lang })}`);
      save(await res.blob(), filenameOf(res, 'report.csv'));
    },
    handover: async () => (await (await get('/api/handover')).json()) as HandoverResponse,
    audit: async (f) => (await (await get(`/api/audit?${query({ ...auditQuery(f), before: f.before, limit: 50 })}`)).json()) as AuditPage,
    async downloadAudit(f, lang) {
      const res = await get(`/api/audit?${query({ ...auditQuery(f), format: 'csv', lang })}`);
      save(await res.blob(), filenameOf(res, 'audit.csv'));
    },
  };
}

/**
 * What a shift lead hands on (issue 11): period reports (`GET /api/reports`), the shift hand-over
 * (`GET /api/handover`) and the readable audit trail (`GET /api/audit`), JSON or CSV (`format=csv`,
 * headers and sentences in the requester's UI language). Leads and admins only.
 */
import { CENTRE_OFFSET_MS, CENTRE_UTC_OFFSET_MINUTES } from '../domain/centre-day.js';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { HotlineConfig } from '../config/schema.js';
import { maskNumber } from '../domain/types.js';
import { SeatState, type AuditEntry, type WaitingGroup, type WallboardView } from '../calls/call-center-api.js';
import { NoActiveBridgeError } from '../hub/hub-backend.js';
import type { ReportFigures, ReportRow, Store, UrgentTicketRow } from '../store/store-api.js';
import { REPORT_GROUPS, inShift, type ReportGroupBy } from '../store/report-queries.js';
import { auditSentence } from '../../agent-desktop/src/i18n/audit-sentence.js';
import { catalogue, requesterLanguage, type Catalogue } from '../reports/catalogue.js';
import { actorNames, withActorName } from '../reports/actor-names.js';
import { attachment, toCsv, type CsvValue } from '../reports/csv.js';
import type { CallReads } from './call-routes.js';
import type { Guard } from './guard.js';
import { REPORT_FIGURES } from '../reports/report-columns.js';

/** The centre's clock (domain/centre-day.ts): UTC+8 all year. */
const OFFSET_MS = CENTRE_OFFSET_MS;
const DAY = 86_400_000;
const MAX_SPAN_DAYS = 366;
const AUDIT_EXPORT_MAX = 10_000;

/** GET /api/reports (JSON). */
export interface ReportResponse {
  from: number;
  to: number;
  groupBy: ReportGroupBy;
  answerWithinSeconds: number;
  rows: (ReportRow & { label: string })[];
  total: ReportFigures;
}

/** GET /api/handover. */
export interface HandoverResponse {
  at: number;
  shifts: { id: string; name: string; hours: string }[];
  centreMode: WallboardView['centreMode'];
  activePreset: string | null;
  presetName: string | null;
  waiting: WaitingGroup[];
  waitingTotal: number;
  longestWaitSeconds: number;
  urgent: UrgentTicketRow[];
  notReady: { id: string; name: string; reason: string | null; since: number }[];
}

export type ReportStore = Pick<Store, 'periodReport' | 'urgentTickets' | 'listAudit'>;

export interface ReportRoutesOptions {
  store: ReportStore;
  config: HotlineConfig;
  reads: CallReads;
  guard: Guard;
  now?: () => number;
}

/** The service-level threshold reports default to: the wallboard's (config `serviceLevel`, GB/T 33358's 15 s). */
export function defaultAnswerWithinSeconds(config: HotlineConfig): number {
  return config.serviceLevel.answerWithinSeconds;
}

/** "YYYY-MM-DD" (a local day; as `to` it means through the end of that day) or epoch ms. */
function instant(v: string, endOfDay: boolean): number | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const [y, m, d] = v.split('-').map(Number) as [number, number, number];
    const t = Date.UTC(y, m - 1, d) - OFFSET_MS;
    return Number.isNaN(t) ? null : endOfDay ? t + DAY : t;
  }
  if (/^\d{1,15}$/.test(v)) return Number(v);
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

const when = (endOfDay: boolean) =>
  z
    .string()
    .max(40)
    .transform((v, ctx) => {
      const t = instant(v, endOfDay);
      if (t === null) ctx.addIssue({ code: 'custom', message: 'expected YYYY-MM-DD, an ISO time or epoch milliseconds' });
      return t ?? 0;
    });

const reportQuery = z.object({
  from: when(false).optional(),
  to: when(true).optional(),
  groupBy: z.enum(REPORT_GROUPS).default('day'),
  answerWithin: z.coerce.number().int().min(1).max(600).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  lang: z.string().optional(),
});

const auditQuery = z.object({
  actor: z.string().trim().min(1).max(64).optional(),
  action: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/).optional(),
  from: when(false).optional(),
  to: when(true).optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  format: z.enum(['json', 'csv']).default('json'),
  lang: z.string().optional(),
});

const localStamp = (at: number) => new Date(at + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
const localDate = (at: number) => new Date(at + OFFSET_MS).toISOString().slice(0, 10);

const FIGURES: readonly (keyof ReportFigures)[] = REPORT_FIGURES;

/** A group key as people read it: the shift's or desk's name, the line's label, the seat's person. */
function rowLabel(config: HotlineConfig, groupBy: ReportGroupBy, key: string, cat: Catalogue): string {
  if (key === '') return cat.t('reports.none');
  switch (groupBy) {
    case 'shift':
      return config.shifts.find((s) => s.id === key)?.name ?? key;
    case 'line': {
      const label = config.numberPlan.find((n) => n.did === key)?.label;
      return label ? (label.startsWith(key) ? label : `${key} ${label}`) : key;
    }
    case 'language':
      return cat.exists(`lang.${key}`) ? cat.t(`lang.${key}`) : (config.languages.find((l) => l.code === key)?.name ?? key);
    case 'desk':
      return config.desks.find((d) => d.id === key)?.name ?? key;
    case 'seat': {
      const name = config.seats.find((s) => s.id === key)?.name;
      return name ? `${key} ${name}` : key;
    }
    default:
      return key;
  }
}

function parsed<T extends z.ZodTypeAny>(schema: T, req: Request, res: Response): z.output<T> | undefined {
  const r = schema.safeParse(req.query);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  res.status(400).json({ error: 'bad-request', message: `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}` });
  return undefined;
}

type Handler = (req: Request, res: Response) => Promise<void>;
const served = (h: Handler) => (req: Request, res: Response, next: NextFunction) =>
  void h(req, res).catch((err: unknown) => {
    if (err instanceof NoActiveBridgeError) {
      res.status(503).set('Retry-After', '5').json({ error: 'unavailable', message: err.message });
      return;
    }
    next(err);
  });

function sendCsv(res: Response, filename: string, csv: string): void {
  res.set('Content-Type', 'text/csv; charset=utf-8').set('Content-Disposition', attachment(filename)).set('Cache-Control', 'no-store').send(csv);
}

export function reportRoutes(opts: ReportRoutesOptions): Router {
  const { store, config, reads, guard } = opts;
  const now = opts.now ?? Date.now;
  const names = actorNames(config);
  const presets = Object.fromEntries(config.homeSeat.presets.map((p) => [p.id, p.name]));
  const r = Router();
  const leads = guard('lead', 'admin');

  r.get('/api/reports', leads, served(async (req, res) => {
    const q = parsed(reportQuery, req, res);
    if (!q) return;
    const t = now();
    const to = q.to ?? t;
    const from = q.from ?? Math.floor((t + OFFSET_MS) / DAY) * DAY - OFFSET_MS;
    if (to <= from) return void res.status(400).json({ error: 'bad-request', message: 'to must be after from' });
    if (to - from > MAX_SPAN_DAYS * DAY) return void res.status(400).json({ error: 'bad-request', message: `at most ${MAX_SPAN_DAYS} days per report` });
    const answerWithinSeconds = q.answerWithin ?? defaultAnswerWithinSeconds(config);
    const report = await store.periodReport({
      from,
      to,
      groupBy: q.groupBy,
      answeredWithinMs: answerWithinSeconds * 1000,
      utcOffsetMinutes: CENTRE_UTC_OFFSET_MINUTES,
      shifts: config.shifts,
      repeatCallerCount: config.history.repeatCaller.count,
      sameMatterCallers: config.history.sameMatter.callers,
    });
    const cat = catalogue(requesterLanguage(req));
    const rows = report.rows.map((row: ReportRow) => ({ ...row, label: rowLabel(config, q.groupBy, row.key, cat) }));
    if (q.format === 'csv') {
      const headers = [cat.t(`reports.group.${q.groupBy}`), ...FIGURES.map((f) => cat.t(`reports.columns.${f}`, { seconds: answerWithinSeconds }))];
      const body: CsvValue[][] = [
        ...rows.map((row) => [row.label, ...FIGURES.map((f) => row[f])]),
        [cat.t('reports.total'), ...FIGURES.map((f) => report.total[f])],
      ];
      const name = `report-${q.groupBy}-${localDate(from)}-${localDate(to - 1)}.csv`;
      return sendCsv(res, name, toCsv(headers, body));
    }
    const body: ReportResponse = { from, to, groupBy: q.groupBy, answerWithinSeconds, rows, total: report.total };
    res.json(body);
  }));

  r.get('/api/handover', leads, served(async (req, res) => {
    const t = now();
    const [board, seats, urgent] = await Promise.all([
      reads.query({ kind: 'wallboard' }),
      reads.query({ kind: 'seats' }),
      store.urgentTickets({ now: t, urgeAfter: config.history.dissatisfiedUrge, limit: 50 }),
    ]);
    const minute = Math.floor(((t + OFFSET_MS) % DAY) / 60_000);
    const body: HandoverResponse = {
      at: t,
      shifts: config.shifts.filter((s) => inShift(s.hours, minute)).map((s) => ({ id: s.id, name: s.name, hours: s.hours })),
      centreMode: board.centreMode,
      activePreset: board.activePreset,
      presetName: board.activePreset ? (presets[board.activePreset] ?? board.activePreset) : null,
      waiting: board.waiting,
      waitingTotal: board.waitingTotal,
      longestWaitSeconds: board.longestWaitSeconds,
      // A printed page leaves the room: callers' numbers masked.
      urgent: urgent.map((u) => ({ ...u, caller: maskNumber(u.caller) })),
      notReady: seats
        .filter((s) => s.state === SeatState.NotReady)
        .map((s) => ({ id: s.id, name: s.name, reason: s.notReadyReason ?? null, since: s.stateSince })),
    };
    res.json(body);
  }));

  r.get('/api/audit', leads, served(async (req, res) => {
    const q = parsed(auditQuery, req, res);
    if (!q) return;
    const filter = {
      ...(q.actor ? { actor: q.actor } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      // The store's `to` is inclusive; a day given as `to` runs to its last millisecond.
      ...(q.to !== undefined ? { to: q.to - 1 } : {}),
    };
    if (q.format === 'csv') {
      const page = await store.listAudit({ ...filter, limit: AUDIT_EXPORT_MAX });
      const cat = catalogue(requesterLanguage(req));
      const ctx = { t: cat.t, exists: cat.exists, names, presets };
      const f = (k: string) => cat.t(`lead.${k}`);
      const rows = page.entries.map((e: AuditEntry) => {
        const named = withActorName(e, names);
        return [localStamp(e.at), named.actorName ?? e.actor, cat.exists(`auditAction.${e.action}`) ? cat.t(`auditAction.${e.action}`) : e.action, auditSentence(named, ctx)];
      });
      return sendCsv(res, `audit-${localDate(now())}.csv`, toCsv([f('auditAt'), cat.t('auditSentences.filter.actor'), f('auditAction'), cat.t('auditSentences.filter.sentence')], rows));
    }
    const page = await store.listAudit({ ...filter, limit: q.limit, ...(q.before ? { before: q.before } : {}) });
    res.json({ entries: page.entries.map((e) => withActorName(e, names)), hasMore: page.hasMore });
  }));

  return r;
}

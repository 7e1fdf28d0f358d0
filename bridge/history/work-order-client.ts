/**
 * HTTP adapter to an external 12345 work-order system: `GET {baseUrl}/tickets?caller=…` answers a JSON
 * array of tickets (or `{ tickets: [...] }`), validated with zod. Every request is bounded by `timeoutMs`
 * (AbortController covers connect, headers and body); timeouts, HTTP errors and invalid bodies reject
 * with a WorkOrderError so the pop can go out without them.
 */
import pino from 'pino';
import { z } from 'zod';
import { maskNumber } from '../domain/types.js';

const epochOrIso = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .datetime({ offset: true })
    .transform((s) => Date.parse(s)),
]);

export const externalTicketSchema = z.object({
  number: z.string().min(1).max(64),
  category: z.string().min(1).max(64),
  place: z.string().max(200).nullish(),
  status: z.string().min(1).max(32),
  createdAt: epochOrIso.nullish(),
  dueAt: epochOrIso.nullish(),
  dissatisfiedCount: z.number().int().min(0).max(1000).default(0),
  repeatComplaint: z.boolean().default(false),
});
const ticketList = z.array(externalTicketSchema).max(500);
export const workOrderResponseSchema = z.union([ticketList, z.object({ tickets: ticketList }).transform((o) => o.tickets)]);

export interface ExternalTicket {
  number: string;
  category: string;
  place: string | null;
  status: string;
  createdAt: number | null;
  dueAt: number | null;
  dissatisfiedCount: number;
  repeatComplaint: boolean;
}

/** What the pop needs from a work-order system (the HTTP client, or a test double). */
export interface WorkOrderSource {
  readonly timeoutMs: number;
  ticketsFor(callerNumber: string): Promise<ExternalTicket[]>;
}

export class WorkOrderError extends Error {
  constructor(
    readonly reason: 'timeout' | 'http' | 'invalid-body' | 'network',
    message: string,
  ) {
    super(message);
    this.name = 'WorkOrderError';
  }
}

export interface WorkOrderClientOptions {
  baseUrl: string;
  timeoutMs?: number;
  logger?: pino.Logger;
}

export class WorkOrderClient implements WorkOrderSource {
  readonly timeoutMs: number;
  private readonly base: URL;
  private readonly logger: pino.Logger;

  constructor(opts: WorkOrderClientOptions) {
    this.timeoutMs = opts.timeoutMs ?? 300;
    // Trailing slash so a base path (http://host/api) keeps its last segment when resolving "tickets".
    this.base = new URL(opts.baseUrl.endsWith('/') ? opts.baseUrl : `${opts.baseUrl}/`);
    this.logger = (opts.logger ?? pino({ level: 'silent' })).child({ component: 'work-order-client' });
  }

  async ticketsFor(callerNumber: string): Promise<ExternalTicket[]> {
    const url = new URL('tickets', this.base);
    url.searchParams.set('caller', callerNumber);
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, this.timeoutMs);
    const log = this.logger.child({ caller: maskNumber(callerNumber) });
    try {
      let res: Response;
      let body: unknown;
      try {
        res = await fetch(url, { signal: ac.signal, headers: { accept: 'application/json' } });
        if (!res.ok) {
          await res.body?.cancel().catch(() => {});
          throw new WorkOrderError('http', `work-order system answered HTTP ${res.status}`);
        }
        const text = await res.text();
        try {
          body = JSON.parse(text);
        } catch {
          throw new WorkOrderError('invalid-body', 'work-order system answered something that is not JSON');
        }
      } catch (err) {
        if (err instanceof WorkOrderError) throw err;
        if (timedOut) throw new WorkOrderError('timeout', `work-order system did not answer within ${this.timeoutMs} ms`);
        throw new WorkOrderError('network', `work-order system unreachable: ${(err as Error).message}`);
      }
      const parsed = workOrderResponseSchema.safeParse(body);
      if (!parsed.success) throw new WorkOrderError('invalid-body', `work-order tickets invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
      return parsed.data.map((t) => ({
        number: t.number,
        category: t.category,
        place: t.place ?? null,
        status: t.status,
        createdAt: t.createdAt ?? null,
        dueAt: t.dueAt ?? null,
        dissatisfiedCount: t.dissatisfiedCount,
        repeatComplaint: t.repeatComplaint,
      }));
    } catch (err) {
      log.warn({ reason: err instanceof WorkOrderError ? err.reason : 'unknown', err: (err as Error).message }, 'work-order lookup failed');
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}

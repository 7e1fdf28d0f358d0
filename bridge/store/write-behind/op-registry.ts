/**
 * The kinds of write the write-behind queue carries. Each kind checks its payload (a journal line read
 * back after a crash is untrusted input) and applies it inside the queue's transaction. New kinds are
 * added with `register` (e.g. centre mode, seat overrides, seat states); the queue needs no change.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { LANGUAGES } from '../../domain/types.js';
import type { AuditEntry } from '../../calls/call-center-api.js';
import type { StoreDatabase } from '../db-schema.js';
import type { CallEventWrite } from '../store-api.js';
import { auditEntryPlan, callEventPlan, preferredLanguagePlan } from '../write-statements.js';
import { centreModePlan, seatOverridePlan, seatStatePlan } from '../centre-state-queries.js';
import type { WritePlan } from '../write-plan.js';
import type { SavedCentreMode, SavedSeatOverride, SavedSeatState } from '../../home-seat/centre-state.js';

export interface WriteOpKind<P = unknown> {
  kind: string;
  /** Parses a payload (fresh or read back from the journal); throws with a clear message when it is unusable. */
  parse(payload: unknown): P;
  /**
   * The write as statements compiled on `db` (write-plan.ts). On SQLite a batch of planned writes goes to
   * the store's thread as one script; a kind that must read as it writes gives `apply` instead.
   */
  plan?(db: Kysely<StoreDatabase>, payload: P): WritePlan;
  /** Applies the write; `trx` is the queue's transaction (the op id is recorded in the same one). */
  apply?(trx: Kysely<StoreDatabase>, payload: P): Promise<void>;
}

export class WriteOpRegistry {
  private readonly kinds = new Map<string, WriteOpKind<any>>();

  register<P>(k: WriteOpKind<P>): this {
    if (this.kinds.has(k.kind)) throw new Error(`write op kind "${k.kind}" is registered twice`);
    if (!k.plan === !k.apply) throw new Error(`write op kind "${k.kind}" needs either plan or apply`);
    this.kinds.set(k.kind, k);
    return this;
  }

  get(kind: string): WriteOpKind<unknown> | undefined {
    return this.kinds.get(kind);
  }

  has(kind: string): boolean {
    return this.kinds.has(kind);
  }
}

const nullableString = z.string().nullable().optional();
const nullableNumber = z.number().nullable().optional();

const callEventSchema = z.object({
  callId: z.string().min(1),
  caller: z.string(),
  callerVerified: z.boolean().optional(),
  dialledNumber: z.string(),
  arrivedAt: z.number(),
  at: z.number(),
  kind: z.string().min(1),
  seatId: z.string().nullable().optional(),
  detail: z.record(z.unknown()).optional(),
  patch: z.object({
    answeredAt: nullableNumber,
    endedAt: nullableNumber,
    language: nullableString,
    desk: nullableString,
    seatId: nullableString,
    outcome: z.string().optional(),
    contactMode: nullableString,
    recordingRef: nullableString,
    category: nullableString,
    disposition: nullableString,
    note: nullableString,
    wrapUpDoneAt: nullableNumber,
    transfers: z.number().int().min(0).optional(),
    linkage: nullableString,
  }),
});

const callerLanguageSchema = z.object({
  number: z.string().min(1),
  language: z.enum(LANGUAGES),
  source: z.enum(['agent', 'learned']),
  by: z.string().optional(),
  at: z.number(),
});
export type CallerLanguageWrite = z.infer<typeof callerLanguageSchema>;

const auditSchema = z.object({ at: z.number(), actor: z.string(), action: z.string().min(1), detail: z.record(z.unknown()) });

const centreMode = z.enum(['office', 'home']);
const centreModeSchema = z.object({ mode: centreMode, preset: z.string().nullable(), reason: z.string(), by: z.string(), since: z.number() });
const seatOverrideSchema = z.object({
  seatId: z.string().min(1),
  override: z.object({ mode: centreMode, reason: z.string(), by: z.string(), at: z.number() }).nullable(),
});
const seatStateSchema = z.object({ seatId: z.string().min(1), state: z.enum(['available', 'not-ready', 'offline']), reason: z.string().nullable(), since: z.number() });
export type SeatOverrideWrite = { seatId: string; override: Omit<SavedSeatOverride, 'seatId'> | null };

/**
 * Call events (contact row + event), agents' language corrections on the caller, audit entries, and what
 * the centre decided (centre mode, a seat's override, a seat's chosen state).
 */
export function defaultWriteOps(): WriteOpRegistry {
  return new WriteOpRegistry()
    .register<CallEventWrite>({
      kind: 'call-event',
      parse: (p) => callEventSchema.parse(p) as CallEventWrite,
      plan: (db, w) => callEventPlan(db, w),
    })
    .register<CallerLanguageWrite>({
      kind: 'caller-language',
      parse: (p) => callerLanguageSchema.parse(p),
      plan: (db, w) => preferredLanguagePlan(db, w.number, w.language, { source: w.source, at: w.at, ...(w.by !== undefined ? { by: w.by } : {}) }),
    })
    .register<AuditEntry>({
      kind: 'audit',
      parse: (p) => auditSchema.parse(p) as AuditEntry,
      plan: (db, e) => auditEntryPlan(db, e),
    })
    .register<SavedCentreMode>({
      kind: 'centre-mode',
      parse: (p) => centreModeSchema.parse(p),
      plan: (db, m) => centreModePlan(db, m),
    })
    .register<SeatOverrideWrite>({
      kind: 'seat-override',
      parse: (p) => seatOverrideSchema.parse(p),
      plan: (db, w) => seatOverridePlan(db, w.seatId, w.override),
    })
    .register<SavedSeatState>({
      kind: 'seat-state',
      parse: (p) => seatStateSchema.parse(p),
      plan: (db, s) => seatStatePlan(db, s),
    });
}

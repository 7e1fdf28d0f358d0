/**
 * The configuration schema (zod). `config/default.yaml` and any file named by `HOTLINE_CONFIG` are
 * validated against it at start; an invalid file stops the process with the offending path and reason
 * (see load-config.ts). Environment variables override secrets and ports (see env-overrides.ts).
 */
import { z } from 'zod';
import { LANGUAGES } from '../domain/types.js';
import { localNameSchema, localNamesSchema, splitLocalName, type LocalNameInput, type LocalNames } from './local-name.js';

const language = z.enum(LANGUAGES);
const deskId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'desk ids are lower-case kebab-case');
const digits = z.string().regex(/^\+?[0-9]{3,20}$/, 'expected digits (optionally a leading +)');
const contact = z
  .string()
  .regex(/^(sips?:[^\s<>"]+|\+?[0-9]{3,20})$/, 'expected a SIP URI (sip:user@host) or a phone number');

/** Seconds between place-in-queue announcements: 0 = none (the greeting is still said). */
const announceEverySeconds = z
  .number()
  .int()
  .min(0)
  .max(600)
  .refine((v) => v === 0 || v >= 10, 'announce.everySeconds is 0 (no place announcements) or at least 10');

export const expansionStepSchema = z.strictObject({
  afterSeconds: z.number().int().positive(),
  widen: z.enum(['any-desk', 'interpreter', 'any-seat']),
});

export const deskSchema = z.strictObject({
  id: deskId,
  /** "社保专席", or `{zh: 社保专席, en: Social security, ug: …, kk: …}` (the desktop shows its UI language's). */
  name: localNameSchema,
  /** Set by validation from a record `name`; accepted as input so a validated config validates again. */
  names: localNamesSchema.optional(),
  strategy: z.enum(['longest-idle', 'round-robin', 'least-talk-time', 'fewest-calls']).default('longest-idle'),
  ringTimeoutSeconds: z.number().int().min(3).max(120).default(15),
  homeRingTimeoutSeconds: z.number().int().min(3).max(180).default(30),
  wrapUpSeconds: z.number().int().min(0).max(600).default(30),
  expansion: z.array(expansionStepSchema).default([]),
  emergency: z.boolean().default(false),
  /** When set, the desk takes calls only inside this schedule; outside it its calls go to `fallbackDesk`. */
  schedule: z
    .strictObject({
      /** Months 1–12 in which the desk is staffed (e.g. tourism in peak season). */
      months: z.array(z.number().int().min(1).max(12)).min(1).optional(),
      /** Local hours, e.g. "08:00-22:00". */
      hours: z
        .string()
        .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$/, 'expected HH:MM-HH:MM')
        .optional(),
    })
    .optional(),
  fallbackDesk: deskId.optional(),
  /** Announcements to this desk's waiting callers; unset = the centre's `announce.everySeconds`. */
  announce: z.strictObject({ everySeconds: announceEverySeconds }).optional(),
  /**
   * Callers whose history carries one of these tags (enterprise, deputy, repeat-complainant) are routed to
   * this desk unless the dialled number or a trusted SIP hint names another (see bridge/routing).
   */
  callerTags: z.array(z.string().regex(/^[a-z0-9-]+$/, 'tags are lower-case kebab-case')).optional(),
});

export const numberPlanEntrySchema = z.strictObject({
  did: digits,
  /** What the number is ("12333 人社服务热线"), as a string or a per-language record like a desk's `name`. */
  label: localNameSchema,
  names: localNamesSchema.optional(),
  desk: deskId.optional(),
  language: language.optional(),
  languageStrength: z.enum(['required', 'preferred']).default('required'),
  priority: z.number().int().min(0).max(1000).default(0),
  emergency: z.boolean().default(false),
});

export const trustedTrunkSchema = z.strictObject({
  name: z.string().min(1),
  /** IPv4/IPv6 addresses or CIDR blocks the trunk's SIP comes from. */
  addresses: z.array(z.string().min(2)).min(1),
});

export const regionRuleSchema = z.strictObject({
  /** Landline area code with leading 0 (e.g. 0906) — matched against landline caller numbers. */
  areaCode: z.string().regex(/^0[0-9]{2,3}$/, 'expected an area code such as 0906'),
  name: localNameSchema,
  names: localNamesSchema.optional(),
  preferLanguage: language,
});

export const seatSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'seat ids are 1–32 letters, digits, - or _'),
  name: z.string().min(1).max(64),
  languages: z.array(language).min(1),
  desks: z.array(deskId).min(1),
  officeContact: contact,
  homeContact: contact.optional(),
  interpreter: z.boolean().default(false),
  /** scrypt hash (see bridge/auth) for desktop login; absent = the seed password (refused outside lab mode). */
  passwordHash: z.string().optional(),
});

export const surgePresetSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: localNameSchema,
  names: localNamesSchema.optional(),
  /** Specialty desks whose calls go to `intoDesk` while the preset is on. */
  foldDesks: z.array(deskId).default([]),
  intoDesk: deskId,
  /** Desks whose seats are kept for their own calls (never folded, never widened into). */
  reserveDesks: z.array(deskId).default([]),
  /** Wrap-up seconds while the preset is on (shorter during a surge). */
  wrapUpSeconds: z.number().int().min(0).max(600).optional(),
});

/**
 * The lead's live service level (GB/T 33358-2016: calls answered within 15 s; at least 95 % of calls
 * connected). Figures cover the last `windowMinutes`, the current shift and today.
 */
export const serviceLevelSchema = z.strictObject({
  /** A call answered within this many seconds of arriving counts as answered in time. */
  answerWithinSeconds: z.number().int().min(1).max(600).default(15),
  /** A caller who hangs up sooner than this is a "short abandon": left out of both shares, shown apart. */
  shortAbandonSeconds: z.number().int().min(0).max(60).default(5),
  /** The rolling window of the live figures. */
  windowMinutes: z.number().int().min(1).max(240).default(15),
  /** Below a target the lead view raises an alert (and /metrics says so). Shares 0..1. */
  targets: z
    .strictObject({
      answeredWithin: z.number().min(0).max(1).default(0.8),
      connected: z.number().min(0).max(1).default(0.95),
    })
    .default({}),
  /** No alert on a window with fewer calls than this (one abandon at 00:01 is not a trend). */
  alertMinCalls: z.number().int().min(1).max(10_000).default(5),
  /** Local times the shifts start ("the shift" = since the latest of them). */
  shiftStarts: z
    .array(z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'expected HH:MM'))
    .min(1)
    .default(['08:00', '16:00', '00:00']),
});

const hhmm = /^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$/;
const groupId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case kebab-case');

/** A named set of seats a shift can list instead of naming every seat (e.g. the peak group). */
export const seatGroupSchema = z.strictObject({
  id: groupId,
  name: z.string().min(1),
  seats: z.array(z.string().min(1)).min(1),
});

/**
 * A shift: local hours (an end before the start crosses midnight, e.g. "22:00-08:00") and who works it.
 * Reports count a contact in every shift whose hours hold its arrival, so an overlay such as a peak
 * group shows its own figures beside the shift it overlaps.
 */
export const shiftSchema = z.strictObject({
  id: groupId,
  name: z.string().min(1),
  hours: z.string().regex(hhmm, 'expected HH:MM-HH:MM'),
  seats: z.array(z.string().min(1)).default([]),
  groups: z.array(groupId).default([]),
});

/** Unknown keys are errors (strict objects): a misspelt `ringTimeout:` must not be silently ignored. */
export const configSchema = z
  .strictObject({
    centreName: z.string().default('12345 政务服务便民热线'),
    server: z
      .strictObject({
        host: z.string().default('0.0.0.0'),
        port: z.number().int().min(0).max(65535).default(8080),
        /** Origins allowed to open a desktop socket besides the bridge's own. */
        allowedOrigins: z.array(z.string().url()).default([]),
      })
      .default({}),
    telephony: z
      .strictObject({
        mode: z.enum(['lab', 'drachtio']).default('lab'),
        lab: z
          .strictObject({
            /** Simulated caller arrivals per minute (0 = only calls staged through the API). */
            arrivalsPerMinute: z.number().min(0).max(6000).default(40),
            /** Relative weights of caller languages. */
            languageMix: z.record(language, z.number().min(0)).default({ zh: 80, kk: 5, ug: 5, en: 3, ja: 2, ko: 2, ru: 3 }),
            /** Relative weights of dialled numbers (must be in the number plan). */
            didMix: z.record(z.string(), z.number().min(0)).default({}),
            patienceSeconds: z.strictObject({ min: z.number().min(1), max: z.number().min(1) }).default({ min: 20, max: 240 }),
            talkSeconds: z.strictObject({ min: z.number().min(1), max: z.number().min(1) }).default({ min: 30, max: 240 }),
            seatAnswerDelayMs: z.strictObject({ min: z.number().min(0), max: z.number().min(0) }).default({ min: 1500, max: 6000 }),
            noAnswerProbability: z.number().min(0).max(1).default(0.03),
            /** Seed for the simulation's random generator (reproducible training scenarios). */
            seed: z.number().int().default(12345),
          })
          .default({}),
        drachtio: z
          .strictObject({
            host: z.string().default('127.0.0.1'),
            port: z.number().int().min(1).max(65535).default(9022),
            secret: z.string().default('cymru'),
          })
          .default({}),
        freeswitch: z
          .strictObject({
            host: z.string().default('127.0.0.1'),
            port: z.number().int().min(1).max(65535).default(8021),
            password: z.string().default('ClueCon'),
            /**
             * drachtio-fsmrf's listener for outbound `socket` connections: fsmrf opens it, no channel of
             * the bridge uses it (every channel is driven over the event socket). Keep it on loopback.
             */
            listenAddress: z.string().default('127.0.0.1'),
            listenPort: z.number().int().min(0).max(65535).default(0),
            /** The address fsmrf's listener gives FreeSWITCH when it differs from listenAddress (NAT, containers). */
            advertisedAddress: z.string().optional(),
            /**
             * Event-socket connections besides the control connection that carry the channels' commands:
             * FreeSWITCH reads each connection's commands on one thread (0: all on the control connection).
             */
            commandLanes: z.number().int().min(0).max(16).default(2),
          })
          .default({}),
        recordingsDir: z.string().default('./data/recordings'),
        /** Hold-music file per language on the media server. */
        holdMusic: z.record(language, z.string()).default({}),
        /** Gateway used to reach mobile numbers and 110/119/120 (a FreeSWITCH/SBC route). */
        outboundGateway: z.string().default('sip:{number}@127.0.0.1:5080'),
        /** `arrival`: answer the caller at once (music while queued); `seat-answer`: early media until a seat answers. */
        answerCaller: z.enum(['arrival', 'seat-answer']).default('arrival'),
        /** Cap of the reconnect backoff towards drachtio-server and FreeSWITCH (ms). */
        reconnectMaxDelayMs: z.number().int().min(50).max(60_000).default(5_000),
        /**
         * Deadline of every telephony command (ms): a FreeSWITCH reply that does not come in time fails
         * the command (`timeout`) and the adapter ends that call; the bridge's per-call command chain
         * never waits longer than this plus a small margin.
         */
        commandTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
        /**
         * How long the calls wait for a lost FreeSWITCH event socket to come back before they are ended
         * as media failures (ms): no channel can be steered, nor its end heard, while it is away.
         */
        controlLossGraceMs: z.number().int().min(0).max(60_000).default(3_000),
        /** Period of the check for FreeSWITCH channels no live call accounts for (ms; 0 = off). */
        reconcileIntervalMs: z.number().int().min(0).max(3_600_000).default(60_000),
        /** Audio codecs offered to seat phones and gateways, in order (G.711 first); no video, no SRTP unless `sips:`. */
        codecs: z.array(z.string().regex(/^[A-Za-z0-9.-]{2,32}$/, 'a codec name as in a=rtpmap (PCMA, PCMU, G722 …)')).min(1).default(['PCMA', 'PCMU']),
        /** Seat-leg endpoints kept ready on FreeSWITCH so a seat rings without waiting for one (0 = off). */
        endpointPool: z
          .strictObject({
            size: z.number().int().min(0).max(500).default(8),
            /** A spare older than this is replaced (ms); keep it well under FreeSWITCH's media timeout. */
            maxIdleMs: z.number().int().min(5_000).max(3_600_000).default(60_000),
          })
          .default({}),
      })
      .default({}),
    store: z
      .strictObject({
        /** Folder for the embedded SQLite database (created on first start). */
        dataDir: z.string().default('./data'),
        /** PostgreSQL URL; when set (or DATABASE_URL is set) the store uses PostgreSQL. */
        databaseUrl: z.string().optional(),
        /** PostgreSQL schema the store (and the HA lease) lives in; one per centre sharing a database. */
        pgSchema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case SQL identifier').optional(),
        /** Synthetic history seeded into an empty embedded store (lab/training). */
        seedContacts: z.number().int().min(0).default(400),
        /**
         * SQLite: how long one statement waits for another connection's lock (ms). It waits in the store's
         * worker thread, never on the event loop; short, so reads are not stuck behind a blocked write for long.
         */
        busyTimeoutMs: z.number().int().min(0).max(60_000).default(250),
        /** Routing waits at most this long for the caller's history (ms); past it the call is routed without it. */
        routingDeadlineMs: z.number().int().min(1).max(10_000).default(50),
        /** A missed lookup deadline keeps the store's health degraded for this long after the last miss (ms). */
        degradedWindowMs: z.number().int().min(100).max(600_000).default(10_000),
        /** Durable write-behind queue for call events, contacts and audit entries (journal in dataDir). */
        writeBehind: z
          .strictObject({
            /** A write not committed within this time is spooled to the journal (ms; 0 = every write). */
            spoolAfterMs: z.number().int().min(0).max(60_000).default(100),
            /** How long the first write after a quiet spell waits for others to share its transaction (ms; 0 = at once). */
            gatherMs: z.number().int().min(0).max(1000).default(20),
            /** Cap of the retry backoff while the store is unavailable (ms). */
            retryMaxMs: z.number().int().min(10).max(300_000).default(2000),
            /** Health turns degraded when this many writes are pending … */
            degradedDepth: z.number().int().min(1).default(1000),
            /** … or the oldest pending write is this old (ms). */
            degradedAgeMs: z.number().int().min(100).default(5000),
            /** At shutdown, how long pending writes may take to commit before they are left in the journal (ms). */
            closeTimeoutMs: z.number().int().min(0).max(600_000).default(5000),
          })
          .default({}),
        /**
         * The screen-pop never waits on the store longer than this (ms): past it the pop goes out with the
         * call facts and what arrived, and names what is missing (history, tickets).
         */
        popDeadlineMs: z.number().int().min(10).max(10_000).default(300),
        /** PostgreSQL connection limits (ms): a database that does not answer fails fast with a clear error. */
        postgres: z
          .strictObject({
            /** Opening a connection (TCP + start-up handshake). */
            connectTimeoutMs: z.number().int().min(100).max(120_000).default(5_000),
            /** An idle pooled connection is closed after this. */
            idleTimeoutMs: z.number().int().min(1_000).max(3_600_000).default(30_000),
            /** Server-side statement_timeout and client-side query timeout. */
            statementTimeoutMs: z.number().int().min(100).max(600_000).default(5_000),
            /**
             * The same limit for reports, on their own two connections: a year of a big centre takes
             * seconds to count and must neither fail at the call path's limit nor take its connections.
             */
            reportTimeoutMs: z.number().int().min(1_000).max(3_600_000).default(120_000),
          })
          .default({}),
      })
      .default({}),
    hub: z
      .strictObject({
        /** Redis URL for the socket.io Redis Streams adapter (scale-out); unset = single process. */
        redisUrl: z.string().optional(),
        /** Prefix of every Redis key and stream the bridge uses (sessions, socket.io stream); one per centre. */
        redisPrefix: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, :, _ or -').default('hotline:'),
        /**
         * true: start-up fails with a clear error when Redis is not reachable. false (default): the bridge
         * starts with single-instance fan-out, /healthz says degraded, and the adapter attaches once Redis is back.
         */
        redisRequired: z.boolean().default(false),
        /** How long start-up waits for Redis before going on without it (or failing, if required). */
        redisConnectTimeoutMs: z.number().int().min(100).max(60_000).default(3_000),
        sessionTtlHours: z.number().min(1).max(24 * 7).default(12),
      })
      .default({}),
    /** Active/standby bridges on one PostgreSQL store (ignored on the embedded SQLite store: one process). */
    ha: z
      .strictObject({
        /** Take part in the lease; false = this process is always active (one bridge per store). */
        enabled: z.boolean().default(true),
        /** Longest time from the active bridge's death to a standby taking over. */
        takeoverSeconds: z.number().min(1).max(120).default(5),
      })
      .default({}),
    shutdown: z
      .strictObject({
        /** SIGTERM/SIGINT: live and waiting calls are served this long before the rest are ended. */
        drainSeconds: z.number().int().min(0).max(3600).default(300),
      })
      .default({}),
    /**
     * What a waiting caller hears besides music, in the language they are routed to: a greeting on
     * arrival, then every `everySeconds` their place in the queue and expected wait. Never a question.
     */
    announce: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** Centre default; a desk may set its own (`desks[].announce.everySeconds`). */
        everySeconds: announceEverySeconds.default(45),
        /**
         * Folder of the prompt sets on the media server (`<promptsDir>/<language>/<file>.wav`, the layout
         * of freeswitch.conf.d/prompts/). Unset: the shipped lab sets in this checkout.
         */
        promptsDir: z
          .string()
          .min(1)
          .refine((p) => !/[\s!]/.test(p), 'promptsDir must not contain whitespace or "!"')
          .optional(),
        /** The phrase catalogue the bridge builds announcements from. Unset: freeswitch.conf.d/prompts/phrases.yaml. */
        phrasesFile: z.string().min(1).optional(),
        /** The expected wait uses the answers of the caller's language × desk within this window. */
        rateWindowSeconds: z.number().int().min(60).max(7200).default(900),
        /** Fewer recent answers than this: the wait is not announced (no honest estimate). */
        minAnswers: z.number().int().min(1).max(100).default(3),
      })
      .default({}),
    /** The lead's live service level against GB/T 33358 (see serviceLevelSchema). */
    serviceLevel: serviceLevelSchema.default({}),
    emergencyPriority: z.number().int().min(1).max(1000).default(100),
    defaultDesk: deskId.default('general'),
    languages: z
      .array(z.strictObject({ code: language, name: z.string().min(1), nativeName: z.string().min(1) }))
      .min(1),
    desks: z.array(deskSchema).min(1),
    numberPlan: z.array(numberPlanEntrySchema).min(1),
    trustedTrunks: z.array(trustedTrunkSchema).default([]),
    regions: z.array(regionRuleSchema).default([]),
    /** Inline seats, or `seatsFile` (path relative to the config file). */
    seats: z.array(seatSchema).default([]),
    seatsFile: z.string().optional(),
    /** Desktop users who are not seats (shift leads, administrators). Seats log in with their seat id. */
    users: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
          name: z.string().min(1).max(64),
          role: z.enum(['lead', 'admin']),
          /** A lead who also answers calls at a seat: that seat's calls are never theirs to supervise. */
          seat: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional(),
          /** Where the lead's phone rings to supervise a call (the lead picks office, home, or types a number). */
          officeContact: contact.optional(),
          homeContact: contact.optional(),
          /** scrypt hash (see bridge/auth); absent = the seed password (refused outside lab mode). */
          passwordHash: z.string().optional(),
        }),
      )
      .default([]),
    seatGroups: z.array(seatGroupSchema).default([]),
    shifts: z.array(shiftSchema).default([]),
    notReadyReasons: z.array(z.string().regex(/^[a-z-]+$/)).default(['break', 'meal', 'training', 'missed-offer']),
    homeSeat: z
      .strictObject({
        presets: z.array(surgePresetSchema).default([]),
      })
      .default({}),
    /** Shift leads listening to, whispering to or barging into calls. */
    supervision: z
      .strictObject({
        /**
         * Whether the agent's desktop shows "a lead is listening", per mode. Default: the agent is told
         * when the lead can be heard (whisper, barge), not for a silent listen.
         */
        agentSees: z
          .strictObject({ listen: z.boolean().default(false), whisper: z.boolean().default(true), barge: z.boolean().default(true) })
          .default({}),
        /** How long the lead's phone rings before the join is given up. */
        ringSeconds: z.number().int().min(5).max(120).default(30),
      })
      .default({}),
    history: z
      .strictObject({
        /** 一人多次: same caller, same category, ≥ count within days. */
        repeatCaller: z.strictObject({ count: z.number().int().min(2), days: z.number().int().min(1) }).default({ count: 5, days: 30 }),
        /** 一事多人: ≥ callers distinct callers, same category and place, within days. */
        sameMatter: z.strictObject({ callers: z.number().int().min(2), days: z.number().int().min(1) }).default({ callers: 5, days: 3 }),
        dissatisfiedUrge: z.number().int().min(1).default(2),
        dissatisfiedSupervise: z.number().int().min(1).default(4),
        /** Caller history decides language when at least this many recent calls agree. */
        languageFromCalls: z.number().int().min(1).default(1),
        recentContacts: z.number().int().min(1).max(50).default(10),
        externalWorkOrders: z
          .strictObject({ baseUrl: z.string().url(), timeoutMs: z.number().int().min(10).max(10_000).default(300), mode: z.enum(['instead', 'beside']).default('beside') })
          .optional(),
      })
      .default({}),
  })
  .superRefine((cfg, ctx) => {
    // Cross-references: every desk/language named anywhere must exist.
    const desks = new Set(cfg.desks.map((d) => d.id));
    const langs = new Set(cfg.languages.map((l) => l.code));
    const seen = new Set<string>();
    cfg.desks.forEach((d, i) => {
      if (seen.has(d.id)) ctx.addIssue({ code: 'custom', path: ['desks', i, 'id'], message: `duplicate desk id "${d.id}"` });
      seen.add(d.id);
      if (d.fallbackDesk && !desks.has(d.fallbackDesk))
        ctx.addIssue({ code: 'custom', path: ['desks', i, 'fallbackDesk'], message: `unknown desk "${d.fallbackDesk}"` });
      const steps = d.expansion.map((s) => s.afterSeconds);
      if (steps.some((s, j) => j > 0 && s <= steps[j - 1]!))
        ctx.addIssue({ code: 'custom', path: ['desks', i, 'expansion'], message: 'expansion steps must be in increasing afterSeconds' });
    });
    if (!desks.has(cfg.defaultDesk)) ctx.addIssue({ code: 'custom', path: ['defaultDesk'], message: `unknown desk "${cfg.defaultDesk}"` });
    const dids = new Set<string>();
    cfg.numberPlan.forEach((e, i) => {
      if (dids.has(e.did)) ctx.addIssue({ code: 'custom', path: ['numberPlan', i, 'did'], message: `duplicate DID "${e.did}"` });
      dids.add(e.did);
      if (e.desk && !desks.has(e.desk)) ctx.addIssue({ code: 'custom', path: ['numberPlan', i, 'desk'], message: `unknown desk "${e.desk}"` });
      if (e.language && !langs.has(e.language))
        ctx.addIssue({ code: 'custom', path: ['numberPlan', i, 'language'], message: `language "${e.language}" is not in languages` });
    });
    cfg.regions.forEach((r, i) => {
      if (!langs.has(r.preferLanguage))
        ctx.addIssue({ code: 'custom', path: ['regions', i, 'preferLanguage'], message: `language "${r.preferLanguage}" is not in languages` });
    });
    const seatIds = new Set<string>();
    cfg.seats.forEach((s, i) => {
      if (seatIds.has(s.id)) ctx.addIssue({ code: 'custom', path: ['seats', i, 'id'], message: `duplicate seat id "${s.id}"` });
      seatIds.add(s.id);
      s.desks.forEach((d, j) => {
        if (!desks.has(d)) ctx.addIssue({ code: 'custom', path: ['seats', i, 'desks', j], message: `unknown desk "${d}"` });
      });
      s.languages.forEach((l, j) => {
        if (!langs.has(l)) ctx.addIssue({ code: 'custom', path: ['seats', i, 'languages', j], message: `language "${l}" is not in languages` });
      });
    });
    cfg.homeSeat.presets.forEach((p, i) => {
      for (const [k, list] of [['foldDesks', p.foldDesks], ['reserveDesks', p.reserveDesks]] as const)
        list.forEach((d, j) => {
          if (!desks.has(d)) ctx.addIssue({ code: 'custom', path: ['homeSeat', 'presets', i, k, j], message: `unknown desk "${d}"` });
        });
      if (!desks.has(p.intoDesk)) ctx.addIssue({ code: 'custom', path: ['homeSeat', 'presets', i, 'intoDesk'], message: `unknown desk "${p.intoDesk}"` });
    });
    // Ranges: a min above its max would make the simulator draw from an empty interval.
    const lab = cfg.telephony.lab;
    for (const [key, range] of [['patienceSeconds', lab.patienceSeconds], ['talkSeconds', lab.talkSeconds], ['seatAnswerDelayMs', lab.seatAnswerDelayMs]] as const)
      if (range.min > range.max)
        ctx.addIssue({ code: 'custom', path: ['telephony', 'lab', key, 'min'], message: `min (${range.min}) is greater than max (${range.max})` });
    if (cfg.history.dissatisfiedUrge > cfg.history.dissatisfiedSupervise)
      ctx.addIssue({
        code: 'custom',
        path: ['history', 'dissatisfiedUrge'],
        message: `urge threshold (${cfg.history.dissatisfiedUrge}) is greater than the supervise threshold (${cfg.history.dissatisfiedSupervise})`,
      });
    const langCodes = new Set<string>();
    cfg.languages.forEach((l, i) => {
      if (langCodes.has(l.code)) ctx.addIssue({ code: 'custom', path: ['languages', i, 'code'], message: `duplicate language code "${l.code}"` });
      langCodes.add(l.code);
    });
    // Agents log in with their seat id: a lead or admin with the same id would make a login ambiguous.
    const userIds = new Set<string>();
    cfg.users.forEach((u, i) => {
      if (seatIds.has(u.id))
        ctx.addIssue({ code: 'custom', path: ['users', i, 'id'], message: `"${u.id}" is already a seat id; a user id must differ from every seat id (seats log in with their seat id)` });
      else if (userIds.has(u.id)) ctx.addIssue({ code: 'custom', path: ['users', i, 'id'], message: `duplicate user id "${u.id}"` });
      userIds.add(u.id);
    });
    const groupIds = new Set<string>();
    cfg.seatGroups.forEach((g, i) => {
      if (groupIds.has(g.id)) ctx.addIssue({ code: 'custom', path: ['seatGroups', i, 'id'], message: `duplicate seat group id "${g.id}"` });
      groupIds.add(g.id);
      g.seats.forEach((s, j) => {
        if (seatIds.size && !seatIds.has(s)) ctx.addIssue({ code: 'custom', path: ['seatGroups', i, 'seats', j], message: `unknown seat "${s}"` });
      });
    });
    const shiftIds = new Set<string>();
    cfg.shifts.forEach((sh, i) => {
      if (shiftIds.has(sh.id)) ctx.addIssue({ code: 'custom', path: ['shifts', i, 'id'], message: `duplicate shift id "${sh.id}"` });
      shiftIds.add(sh.id);
      const [from, to] = sh.hours.split('-');
      if (from === to) ctx.addIssue({ code: 'custom', path: ['shifts', i, 'hours'], message: 'a shift cannot start and end at the same time' });
      sh.groups.forEach((g, j) => {
        if (!groupIds.has(g)) ctx.addIssue({ code: 'custom', path: ['shifts', i, 'groups', j], message: `unknown seat group "${g}"` });
      });
      sh.seats.forEach((s, j) => {
        if (seatIds.size && !seatIds.has(s)) ctx.addIssue({ code: 'custom', path: ['shifts', i, 'seats', j], message: `unknown seat "${s}"` });
      });
    });
    for (const [did] of Object.entries(cfg.telephony.lab.didMix))
      if (!dids.has(did)) ctx.addIssue({ code: 'custom', path: ['telephony', 'lab', 'didMix', did], message: `DID "${did}" is not in numberPlan` });
  })
  // Last, once everything is valid: per-language names become `name` (Chinese) + `names` (see local-name.ts).
  .transform((cfg) => ({
    ...cfg,
    desks: cfg.desks.map(named),
    numberPlan: cfg.numberPlan.map(({ label, names, ...e }) => {
      const split = splitLocalName(label, names);
      return { ...e, label: split.text, ...(split.names ? { names: split.names } : {}) };
    }),
    regions: cfg.regions.map(named),
    homeSeat: { ...cfg.homeSeat, presets: cfg.homeSeat.presets.map(named) },
  }));

/** `name` as a string or per-language record → the Chinese `name` + optional `names`. */
function named<T extends { name: LocalNameInput; names?: LocalNames }>({ name, names, ...rest }: T): Omit<T, 'name' | 'names'> & { name: string; names?: LocalNames } {
  const split = splitLocalName(name, names);
  return { ...rest, name: split.text, ...(split.names ? { names: split.names } : {}) };
}

export type HotlineConfig = z.infer<typeof configSchema>;
export type DeskConfig = HotlineConfig['desks'][number];
export type SeatConfig = z.infer<typeof seatSchema>;
export type NumberPlanEntry = HotlineConfig['numberPlan'][number];
export type RegionRule = HotlineConfig['regions'][number];
export type SurgePreset = HotlineConfig['homeSeat']['presets'][number];
export type ShiftConfig = z.infer<typeof shiftSchema>;
export type SeatGroupConfig = z.infer<typeof seatGroupSchema>;

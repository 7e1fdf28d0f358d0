/**
 * Continuous simulated arrivals for the demo and for training: a Poisson process (exponential gaps
 * drawn from the seeded PRNG) placing calls on the lab switch with a language mix, a DID mix, patience
 * drawn from a range, and some repeat callers from a pool of known numbers.
 */
import { z } from 'zod';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { CallId, SipHints } from '../telephony-port.js';
import type { Rng } from './rng.js';
import { callerNumberFor } from './caller-numbers.js';
import type { LabCallRequest } from './lab-call-request.js';

const range = z
  .object({ min: z.number().min(0), max: z.number().min(0) })
  .refine((r) => r.min <= r.max, { message: 'min must not exceed max' });
const positiveMix = z
  .record(z.string(), z.number().min(0))
  .refine((m) => Object.values(m).some((w) => w > 0), { message: 'needs at least one positive weight' });

export const generatorOptionsSchema = z.object({
  arrivalsPerMinute: z.number().min(0).max(6000),
  /** language code → weight */
  languageMix: positiveMix,
  /** dialled number → weight */
  didMix: positiveMix,
  patienceSeconds: range,
  talkSeconds: range.optional(),
  /** Known numbers (callers with history); ~`poolShare` of calls come from them. Malformed ones are skipped. */
  callerPool: z.array(z.string()).optional(),
  poolShare: z.number().min(0).max(1).default(0.2),
  /** Share of non-Mandarin callers whose trunk sends a language hint. */
  hintShare: z.number().min(0).max(1).default(0.4),
});
export type GeneratorOptions = z.input<typeof generatorOptionsSchema>;

const ACCEPT_LANGUAGE: Readonly<Record<string, string>> = {
  en: 'en-US,en;q=0.9',
  ja: 'ja-JP,ja;q=0.9',
  ko: 'ko-KR,ko;q=0.9',
  ru: 'ru-RU,ru;q=0.9',
};

export interface GeneratorStats {
  placed: number;
  /** Calls by the language the simulated caller speaks (pool callers count under `pool`). */
  byLanguage: Record<string, number>;
  byDid: Record<string, number>;
  withHints: number;
}

export interface RunningGenerator {
  stop(): void;
  stats(): GeneratorStats;
}

export class CallGenerator implements RunningGenerator {
  private readonly opts: z.output<typeof generatorOptionsSchema>;
  private timer: { cancel(): void } | undefined;
  private stopped = false;
  private readonly counts: GeneratorStats = { placed: 0, byLanguage: {}, byDid: {}, withHints: 0 };

  constructor(
    options: GeneratorOptions,
    private readonly deps: { clock: Clock; rng: Rng; logger: Logger; place: (req: LabCallRequest) => CallId },
  ) {
    const parsed = generatorOptionsSchema.parse(options);
    // The pool comes from stored history: one odd record must not stop the demo, so skip it and say so.
    const pool = parsed.callerPool?.filter((n) => /^\+?[0-9]{3,20}$/.test(n));
    if (pool && parsed.callerPool && pool.length < parsed.callerPool.length) {
      deps.logger.warn({ skipped: parsed.callerPool.length - pool.length }, 'malformed numbers in the caller pool skipped');
    }
    this.opts = { ...parsed, ...(pool ? { callerPool: pool } : {}) };
  }

  start(): this {
    this.deps.logger.info({ arrivalsPerMinute: this.opts.arrivalsPerMinute }, 'lab call generator started');
    this.scheduleNext();
    return this;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.timer?.cancel();
    this.deps.logger.info({ placed: this.counts.placed }, 'lab call generator stopped');
  }

  stats(): GeneratorStats {
    return { ...this.counts, byLanguage: { ...this.counts.byLanguage }, byDid: { ...this.counts.byDid } };
  }

  /** Draw one caller (exposed for tests of the mix without running the clock). */
  nextRequest(): { request: LabCallRequest; language: string } {
    const { rng } = this.deps;
    const o = this.opts;
    const dialledNumber = rng.weighted(o.didMix);
    const patienceSeconds = rng.between(o.patienceSeconds.min, o.patienceSeconds.max);
    const talk = o.talkSeconds ? { talkSeconds: rng.between(o.talkSeconds.min, o.talkSeconds.max) } : {};
    if (o.callerPool?.length && rng.chance(o.poolShare)) {
      // A repeat caller: the bridge knows them from history, no hint needed.
      return { language: 'pool', request: { callerNumber: rng.pick(o.callerPool), dialledNumber, patienceSeconds, ...talk } };
    }
    const language = rng.weighted(o.languageMix);
    const hints: SipHints = {};
    if (language !== 'zh' && rng.chance(o.hintShare)) hints.language = language;
    else if (ACCEPT_LANGUAGE[language] && rng.chance(0.5)) hints.acceptLanguage = ACCEPT_LANGUAGE[language];
    return {
      language,
      request: { callerNumber: callerNumberFor(rng, language), dialledNumber, patienceSeconds, hints, trusted: true, ...talk },
    };
  }

  private scheduleNext(): void {
    if (this.stopped || this.opts.arrivalsPerMinute <= 0) return;
    const gap = this.deps.rng.exponential(60_000 / this.opts.arrivalsPerMinute);
    this.timer = this.deps.clock.setTimeout(() => this.arrive(), gap);
  }

  private arrive(): void {
    if (this.stopped) return;
    const { request, language } = this.nextRequest();
    try {
      this.deps.place(request);
    } catch (err) {
      // The switch was stopped under us: stop quietly rather than spin.
      this.deps.logger.warn({ err }, 'lab call generator could not place a call; stopping');
      this.stop();
      return;
    }
    const c = this.counts;
    c.placed++;
    c.byLanguage[language] = (c.byLanguage[language] ?? 0) + 1;
    c.byDid[request.dialledNumber] = (c.byDid[request.dialledNumber] ?? 0) + 1;
    if (request.hints && Object.keys(request.hints).length) c.withHints++;
    this.scheduleNext();
  }
}

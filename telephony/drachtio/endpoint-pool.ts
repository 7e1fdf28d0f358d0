/**
 * A warm pool of seat-leg endpoints, so an offer never waits for FreeSWITCH to make one.
 *
 * A seat leg is a 3pcc endpoint (no remote SDP yet): it is the same whatever call it serves until
 * the phone answers. Making one costs a SIP INVITE to FreeSWITCH through drachtio-server (it was
 * about 20 ms on a real switch with fsmrf's outbound event socket), and used to run before the seat's
 * INVITE could leave. The pool keeps
 * `size` of them parked and hands one to each offer at once; it refills in the background.
 *
 * What must never happen is handing out an endpoint FreeSWITCH has already dropped (a restart, a
 * media timeout, a `uuid_kill`): a pooled endpoint leaves the pool the moment its dialog is
 * destroyed, `take()` checks it is still alive, and spares older than `maxIdleMs` are replaced so none
 * reaches FreeSWITCH's media timeout. When the event socket drops, every spare is released (they may
 * belong to a FreeSWITCH that is gone), and after a drachtio reconnect too (their dialogs may have gone
 * with the old server); `stop()` releases them all (leak checks count them).
 *
 * Spares are tagged `X-Hotline-Call-ID: hotline-pool` from birth: the reconciler leaves them to
 * the pool while it holds them, and a bridge taking over hangs up the spares of the one it replaced.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { endpointAlive, type EndpointLike } from './library-types.js';
import type { ChannelMaker } from './create-channel.js';
import { CALL_ID_HEADER } from './tagged-channels.js';
import { within } from './deadline.js';

/** The call-id tag of a spare endpoint (no call yet). */
export const POOL_TAG = 'hotline-pool';

export interface EndpointPoolDeps {
  clock: Clock;
  log: Logger;
  /** Makes channels while FreeSWITCH's control connection is up. */
  media(): ChannelMaker | undefined;
  /** Spares kept ready; 0 turns the pool off. */
  size: number;
  /** A spare older than this is replaced (ms). */
  maxIdleMs: number;
  /** Deadline of one creation. */
  createTimeoutMs: number;
  /** Hang an endpoint up (BYE, or uuid_kill when its dialog is gone). */
  release(ep: EndpointLike): void;
}

interface Spare {
  ep: EndpointLike;
  bornAt: number;
  onDestroy: () => void;
}

export class EndpointPool {
  private readonly spares: Spare[] = [];
  private creating = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private sweepTimer: { cancel(): void } | undefined;
  private failures = 0;
  private retryTimer: { cancel(): void } | undefined;
  private refillQueued = false;
  /** Counters for /healthz and tests. */
  readonly stats = { created: 0, handedOut: 0, missed: 0, dropped: 0, retired: 0 };

  constructor(private readonly d: EndpointPoolDeps) {}

  start(): void {
    if (this.d.size <= 0 || this.running) return;
    this.running = true;
    this.refill();
    this.scheduleSweep();
  }

  /**
   * Release every spare and make no more (shutdown), or with `release: false` just forget them (a
   * take-over leaves the switch to another bridge). Resolves once the creations under way have
   * settled, each released as it arrives, so nothing is left behind on FreeSWITCH.
   */
  async stop(opts: { release?: boolean } = {}): Promise<void> {
    this.running = false;
    this.sweepTimer?.cancel();
    this.retryTimer?.cancel();
    for (const s of this.spares.splice(0)) {
      s.ep.off('destroy', s.onDestroy);
      if (opts.release !== false) this.d.release(s.ep);
    }
    if (opts.release === false) return;
    await Promise.allSettled([...this.inFlight]);
  }

  /** The event socket came back or went away: spares of a lost connection are not trusted. */
  mediaChanged(up: boolean): void {
    if (!this.running) return;
    if (!up) return this.flush(false);
    this.failures = 0;
    this.refill();
  }

  /**
   * Release every spare (and make new ones when `refill`): after a drachtio-server reconnect the
   * spares' SIP dialogs may be gone with the old server, so they could never be re-INVITEd.
   */
  flush(refill = true): void {
    for (const s of this.spares.splice(0)) {
      s.ep.off('destroy', s.onDestroy);
      this.stats.retired++;
      this.d.release(s.ep);
    }
    if (refill) this.refill();
  }

  /** A live spare, or undefined when none is ready (the caller makes one the slow way). */
  take(): EndpointLike | undefined {
    while (this.spares.length) {
      const s = this.spares.shift()!;
      s.ep.off('destroy', s.onDestroy);
      if (endpointAlive(s.ep) && s.ep.dialog?.connected !== false) {
        this.stats.handedOut++;
        this.refillSoon();
        return s.ep;
      }
      this.stats.dropped++;
      this.d.release(s.ep);
    }
    if (this.running) this.stats.missed++;
    this.refillSoon();
    return undefined;
  }

  /** Is this channel a spare of ours? (the reconciler must leave it alone) */
  holds(uuid: string): boolean {
    return this.spares.some((s) => s.ep.uuid === uuid);
  }

  get ready(): number {
    return this.spares.length;
  }

  /**
   * Refill once the taker's tick is over: making a spare sends an INVITE to FreeSWITCH through
   * drachtio-server, which would otherwise go out ahead of the taker's own INVITE (the seat's, or the
   * new endpoint's when the pool was empty).
   */
  private refillSoon(): void {
    if (this.refillQueued) return;
    this.refillQueued = true;
    setImmediate(() => {
      this.refillQueued = false;
      this.refill();
    });
  }

  private refill(): void {
    if (!this.running) return;
    while (this.spares.length + this.creating < this.d.size) {
      const ms = this.d.media();
      if (!ms) return; // mediaChanged(true) refills once FreeSWITCH is back
      this.creating++;
      const p = this.createOne(ms).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  private async createOne(ms: ChannelMaker): Promise<void> {
    const created = ms.createEndpoint({ headers: { [CALL_ID_HEADER]: POOL_TAG } });
    let ep: EndpointLike | undefined;
    try {
      ep = await within(this.d.clock, created, this.d.createTimeoutMs, 'creating a spare endpoint');
    } catch (err) {
      // A late one is released when it arrives; back off so an overloaded switch is not hammered.
      void created.then((late) => this.d.release(late), () => undefined);
      this.creating--;
      this.failures++;
      if (this.failures <= 3 || this.failures % 50 === 0) this.d.log.warn({ err: String(err), failures: this.failures }, 'could not make a spare endpoint');
      this.retryLater();
      return;
    }
    this.creating--;
    if (!this.running || this.d.media() !== ms) {
      this.d.release(ep);
      return;
    }
    this.failures = 0;
    this.stats.created++;
    const spare: Spare = {
      ep,
      bornAt: this.d.clock.now(),
      onDestroy: () => {
        // FreeSWITCH hung it up (restart, media timeout, kill): never hand it out.
        const i = this.spares.indexOf(spare);
        if (i >= 0) this.spares.splice(i, 1);
        this.stats.dropped++;
        this.refill();
      },
    };
    ep.once('destroy', spare.onDestroy);
    this.spares.push(spare);
    this.refill();
  }

  private retryLater(): void {
    if (!this.running || this.retryTimer) return;
    const delay = Math.min(5_000, 100 * 2 ** Math.min(this.failures, 6));
    this.retryTimer = this.d.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.refill();
    }, delay);
  }

  /** Replace spares about to reach FreeSWITCH's media timeout. */
  private scheduleSweep(): void {
    if (!this.running) return;
    this.sweepTimer = this.d.clock.setTimeout(() => {
      const now = this.d.clock.now();
      for (const s of [...this.spares]) {
        if (now - s.bornAt < this.d.maxIdleMs) continue;
        this.spares.splice(this.spares.indexOf(s), 1);
        s.ep.off('destroy', s.onDestroy);
        this.stats.retired++;
        this.d.release(s.ep);
      }
      this.refill();
      this.scheduleSweep();
    }, Math.max(1_000, Math.floor(this.d.maxIdleMs / 4)));
  }
}

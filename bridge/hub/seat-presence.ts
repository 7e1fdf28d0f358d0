/**
 * Is a person at the seat's desktop? The first socket of a seat logs the seat in (`callCenter.login`):
 * it becomes attended, available, and in the lab the simulated phone stops answering for it.
 *
 * When the seat's last socket goes away we wait `graceMs` (default 60 s) before `callCenter.logout`.
 * Why not at once: a desktop drops its socket for reasons that are not the agent leaving — Wi-Fi
 * roaming, a laptop lid, a proxy restart, a page reload. Logging out on every blip would yank the seat
 * out of the queue and cancel its ringing offer mid-shift. During the grace nothing is lost: an offer
 * that rings an empty desk times out like any unanswered offer (the seat goes not-ready, missed offer,
 * and the call keeps its place in the queue), and a desktop that comes back gets its snapshot.
 * An explicit logout or a revoked session is not a blip: those log the seat out immediately.
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { CallCenter } from '../calls/call-center-api.js';
import type { SeatId } from '../domain/types.js';

export class SeatPresence {
  private readonly sockets = new Map<SeatId, Set<string>>();
  private readonly grace = new Map<SeatId, { cancel(): void }>();

  constructor(
    private readonly callCenter: CallCenter,
    private readonly clock: Pick<Clock, 'setTimeout'>,
    private readonly graceMs: number,
    private readonly logger: Logger,
  ) {}

  attach(seatId: SeatId, socketId: string): void {
    const set = this.sockets.get(seatId) ?? new Set<string>();
    const first = set.size === 0;
    set.add(socketId);
    this.sockets.set(seatId, set);
    const pending = this.grace.get(seatId);
    if (pending) {
      // Back within the grace: the seat never left.
      pending.cancel();
      this.grace.delete(seatId);
      return;
    }
    if (first) this.run(seatId, 'login', () => this.callCenter.login(seatId));
  }

  /**
   * A person holds a live session for this seat but has no desktop here yet — the bridge just started
   * and their desktop is reconnecting. The seat counts as theirs (logged in: in the lab the simulator
   * never answers it) for the same grace a dropped desktop gets; if no desktop comes back, logout.
   */
  expect(seatId: SeatId): void {
    if (this.sockets.has(seatId) || this.grace.has(seatId)) return;
    this.run(seatId, 'login (session awaiting its desktop)', () => this.callCenter.login(seatId));
    this.grace.set(
      seatId,
      this.clock.setTimeout(() => {
        this.grace.delete(seatId);
        if (!this.sockets.has(seatId)) this.run(seatId, 'logout', () => this.callCenter.logout(seatId));
      }, this.graceMs),
    );
  }

  /** `immediate`: the person ended the session (logout, revoked) rather than losing the network. */
  detach(seatId: SeatId, socketId: string, immediate: boolean): void {
    const set = this.sockets.get(seatId);
    if (!set?.delete(socketId) || set.size > 0) return;
    this.sockets.delete(seatId);
    if (immediate) {
      this.grace.get(seatId)?.cancel();
      this.grace.delete(seatId);
      this.run(seatId, 'logout', () => this.callCenter.logout(seatId));
      return;
    }
    if (this.grace.has(seatId)) return;
    this.grace.set(
      seatId,
      this.clock.setTimeout(() => {
        this.grace.delete(seatId);
        if (!this.sockets.has(seatId)) this.run(seatId, 'logout', () => this.callCenter.logout(seatId));
      }, this.graceMs),
    );
  }

  /**
   * The desktops every bridge holds right now (several bridges share the desktops): a seat whose desktop
   * is somewhere is attached; a socket that is nowhere any more (its bridge died) is detached, with grace.
   */
  reconcile(everywhere: { seatId: SeatId; socketId: string }[]): void {
    const seen = new Set(everywhere.map((s) => `${s.seatId}\u0000${s.socketId}`));
    for (const s of everywhere) if (!this.sockets.get(s.seatId)?.has(s.socketId)) this.attach(s.seatId, s.socketId);
    for (const [seatId, ids] of [...this.sockets]) for (const id of [...ids]) if (!seen.has(`${seatId}\u0000${id}`)) this.detach(seatId, id, false);
  }

  connected(seatId: SeatId): boolean {
    return this.sockets.has(seatId);
  }

  stop(): void {
    for (const t of this.grace.values()) t.cancel();
    this.grace.clear();
  }

  private run(seatId: SeatId, what: string, fn: () => void): void {
    try {
      fn();
      this.logger.info({ seatId }, `seat ${what}`);
    } catch (err) {
      this.logger.warn({ err, seatId }, `seat ${what} refused by the call centre`);
    }
  }
}

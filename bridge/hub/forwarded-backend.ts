/**
 * The hub's backend on a standby bridge: every request goes to the active bridge over the socket.io
 * adapter (Redis Streams) as a server-side emit, and the active bridge answers with another one
 * addressed to the asking instance. A plain request/reply rather than socket.io's server-side
 * acknowledgements, which wait for every instance — including one that just died, for seconds.
 *
 * While no instance serves (the active one just died and a standby is taking over), a command is refused
 * with `unavailable` — the desktop says "try again in a moment" — and a snapshot is retried until an
 * active bridge answers; after a take-over the new active bridge pushes a fresh snapshot to every desktop.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AckResult, CommandName, ForwardedRequest, ForwardedRequestBody, HubUser, SnapshotPayload } from './events.js';
import { NoActiveBridgeError, type HubBackend, type HubQuery, type HubQueryResults } from './hub-backend.js';
import type { HubServer } from './hub-types.js';

export interface ForwardOptions {
  io: HubServer;
  logger: Logger;
  /** How long to wait for the active bridge's answer (default 3 s). */
  timeoutMs?: number;
  /** False without a shared adapter (no Redis): no other bridge can answer, so requests fail at once. */
  shared?: () => boolean;
}

type Pending = { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout };

export class ForwardedBackend implements HubBackend {
  /** This instance's address for replies. */
  readonly instance = randomUUID();
  private readonly timeoutMs: number;
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly o: ForwardOptions) {
    this.timeoutMs = o.timeoutMs ?? 3000;
    o.io.on('hub:reply', (r) => {
      if (r.to !== this.instance) return;
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      clearTimeout(p.timer);
      p.resolve(r.result);
    });
  }

  private ask<T>(req: ForwardedRequestBody): Promise<T> {
    if (this.o.shared && !this.o.shared()) return Promise.reject(new NoActiveBridgeError());
    const id = randomUUID();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new NoActiveBridgeError());
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.o.io.serverSideEmit('hub:request', { ...req, id, from: this.instance } as ForwardedRequest);
    });
  }

  snapshot(user: HubUser): Promise<SnapshotPayload> {
    return this.ask<SnapshotPayload>({ kind: 'snapshot', user });
  }

  async command(user: HubUser, name: CommandName, payload: unknown, log: Logger): Promise<AckResult<unknown>> {
    try {
      return await this.ask<AckResult<unknown>>({ kind: 'command', user, name, payload });
    } catch (err) {
      log.warn({ event: name, err: (err as Error).message }, 'command not forwarded: no active bridge answered');
      return { ok: false, error: { code: 'unavailable', message: (err as Error).message } };
    }
  }

  query<K extends HubQuery['kind']>(q: Extract<HubQuery, { kind: K }>): Promise<HubQueryResults[K]> {
    return this.ask<HubQueryResults[K]>({ kind: 'query', query: q });
  }

  attach(seatId: string, socketId: string): void {
    if (this.o.shared && !this.o.shared()) return;
    this.o.io.serverSideEmit('hub:presence', { seatId, socketId, attached: true, immediate: false });
  }

  detach(seatId: string, socketId: string, immediate: boolean): void {
    if (this.o.shared && !this.o.shared()) return;
    this.o.io.serverSideEmit('hub:presence', { seatId, socketId, attached: false, immediate });
  }

  close(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new NoActiveBridgeError());
    }
    this.pending.clear();
  }
}

/**
 * Agents' desktops without a browser, for load runs on the whole product (the real-server bench, the
 * soak): each agent logs in over REST and keeps its socket.io connection open, as the browser does, so
 * the seat is Available; an agent whose seat went Not Ready after a missed offer can press "ready" again,
 * and agents can take a break (fewer seats for a while).
 */
import { io as connectClient, type Socket } from 'socket.io-client';
import { SeatState } from '../../bridge/calls/call-center-api.js';

export class AgentDesktops {
  readonly sockets = new Map<string, Socket>();
  /** Each seat's state as its desktop last heard it. */
  readonly state = new Map<string, string>();

  async open(url: string, seatIds: string[], password: string): Promise<void> {
    for (const id of seatIds) {
      const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: id, password }) });
      if (res.status !== 200) throw new Error(`login of ${id}: HTTP ${res.status} ${await res.text()}`);
      const { token } = (await res.json()) as { token: string };
      const socket = connectClient(url, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { origin: url } });
      const snapshot = await new Promise<{ seat: { state: string } | null }>((ok, fail) => {
        socket.once('snapshot', ok);
        socket.once('connect_error', fail);
      });
      this.state.set(id, snapshot.seat?.state ?? '?');
      socket.on('seat', (p: { seat: { state: string } }) => this.state.set(id, p.seat.state));
      this.sockets.set(id, socket);
    }
  }

  available(): number {
    return [...this.state.values()].filter((s) => s === SeatState.Available).length;
  }

  /** Agents whose seat went not-ready (a missed offer, a break) press "ready" again; returns how many did. */
  async readyAgain(): Promise<number> {
    let n = 0;
    for (const [id, socket] of this.sockets) {
      if (this.state.get(id) !== SeatState.NotReady) continue;
      n++;
      await (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck('seat:available', {}).catch(() => undefined);
    }
    return n;
  }

  /** These agents press "not ready" (a break): their seats take no calls until readyAgain(). */
  async takeBreak(seatIds: string[]): Promise<void> {
    for (const id of seatIds) {
      const socket = this.sockets.get(id);
      if (socket) await (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck('seat:not-ready', { reason: 'break' }).catch(() => undefined);
    }
  }

  close(): void {
    for (const s of this.sockets.values()) s.disconnect();
  }
}

/**
 * Extra event-socket connections that carry the channels' commands, apart from the control
 * connection (which keeps the events: hang-ups, apps' ends, job replies).
 *
 * Why: FreeSWITCH serves each event-socket connection with one thread that reads a command a byte at a
 * time, yielding after each, and only looks at its queued events between commands or every 20 ms
 * (mod_event_socket.c, read_packet). With every channel's commands on one connection, a loaded switch
 * reads them one after another behind a single thread. A few lanes read in parallel, and a command
 * sent as `api` runs on its lane's thread and answers on it at once: no thread per job and no
 * BACKGROUND_JOB event (a `bgapi` costs both, and its answer waits for that poll).
 *
 * A channel's commands always take the same lane (chosen by its uuid), so they run in the order sent.
 * A lane that is down is skipped; with none up, the caller falls back to `bgapi` on the control
 * connection.
 */
import type { Logger } from 'pino';
import esl from 'drachtio-modesl';
import { abandon, type AbandonableConnection } from './library-internals.js';

interface LaneConnection extends AbandonableConnection {
  socket: { destroy(): void; setNoDelay?(on: boolean): void } | null;
}

interface Lane {
  conn: LaneConnection;
  up: boolean;
}

export class CommandLanes {
  private lanes: Lane[] = [];

  constructor(
    private readonly count: number,
    private readonly target: { host: string; port: number; password: string; retryMaxDelayMs: number },
    private readonly log: Logger,
  ) {}

  /** Opens the lanes (after the control connection authenticated with the same password). */
  open(): void {
    if (this.lanes.length) return;
    const { host, port, password, retryMaxDelayMs } = this.target;
    for (let i = 0; i < this.count; i++) {
      const conn = new esl.Connection(host, port, password) as LaneConnection;
      conn.reconnectOpts = { retryMaxDelay: retryMaxDelayMs };
      const lane: Lane = { conn, up: false };
      conn.on('error', (err: unknown) => this.log.debug({ lane: i, err: String((err as Error)?.message ?? err) }, 'command lane error'));
      conn.on('esl::end', () => {
        lane.up = false;
        // Answers owed on the dead socket never come; modesl would hand the next ones to them.
        conn.apiCallbackQueue.length = 0;
        conn.cmdCallbackQueue.length = 0;
      });
      // Authenticated, the first time and after each reconnect of modesl's own.
      conn.on('esl::ready', () => {
        lane.up = true;
        conn.socket?.setNoDelay?.(true);
      });
      this.lanes.push(lane);
    }
  }

  /** Closes every lane for good (no reconnects). */
  close(): void {
    for (const { conn } of this.lanes.splice(0)) abandon(conn);
  }

  /** The lane of a channel (by its uuid) if that lane is up. */
  laneFor(uuid: string): LaneConnection | undefined {
    if (!this.lanes.length) return undefined;
    const lane = this.lanes[hash(uuid) % this.lanes.length];
    return lane?.up && lane.conn.connected() ? lane.conn : undefined;
  }
}

/** FNV-1a: spreads uuids evenly, the same lane for the same uuid. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

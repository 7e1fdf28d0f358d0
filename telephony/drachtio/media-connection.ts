/**
 * The control connection to FreeSWITCH's event socket, kept alive. drachtio-fsmrf's own
 * `Mrf#connect` leaves a retrying socket behind every failed attempt and never settles on a wrong
 * password, so the adapter opens the drachtio-modesl connection itself (capped backoff, abandoned
 * cleanly on failure) and builds fsmrf's MediaServer on it once authenticated. After modesl
 * reconnects by itself, stale reply callbacks are dropped (modesl would hand the next reply to them)
 * and the event subscriptions are made again.
 */
import type { Logger } from 'pino';
import esl from 'drachtio-modesl';
import MediaServer from 'drachtio-fsmrf/lib/mediaserver.js';
import type { Clock } from '../clock.js';
import type { EslConnectionLike, EslEventLike, MediaServerLike } from './library-types.js';
import { abandon, indexEslEventHeaders, sendEslCommandsWhole, type AbandonableConnection } from './library-internals.js';
import { AppCompletions, APPS_WITH_END } from './switch-channel.js';
import { CommandLanes } from './command-lanes.js';
import type { ResolvedDrachtioConfig } from './options.js';

/**
 * Events the adapter needs on the control connection: fsmrf itself needs HEARTBEAT; bgapi replies
 * arrive as BACKGROUND_JOB; a channel's end is its CHANNEL_CALLSTATE to HANGUP; the end of a sound it
 * waits for (an announcement, the music or ringback it replaces) is that app's CHANNEL_EXECUTE_COMPLETE.
 * Not CHANNEL_HANGUP_COMPLETE: that one carries every channel variable (about 12 KB a channel, two a
 * call, serialised by FreeSWITCH and parsed here for two fields), the call-state event only the
 * channel's basic data (Unique-ID, Hangup-Cause, set before it fires), and it comes a state earlier.
 */
export const CONTROL_EVENTS = ['HEARTBEAT', 'CHANNEL_CALLSTATE', 'BACKGROUND_JOB', 'CHANNEL_EXECUTE_COMPLETE'];

/**
 * The control connection's event-socket filters. FreeSWITCH admits an event when any filter matches
 * it (mod_event_socket): the heartbeats, the job replies, of the call-state changes only hang-ups, and
 * of the apps' ends only those of the sounds (each carries every channel variable: the `set`s and
 * `answer`s of every channel would cost FreeSWITCH a serialisation each for nothing).
 */
export const CONTROL_FILTERS: ReadonlyArray<readonly [header: string, value: string]> = [
  ['Event-Name', 'HEARTBEAT'],
  ['Event-Name', 'BACKGROUND_JOB'],
  ['Channel-Call-State', 'HANGUP'],
  ...[...APPS_WITH_END].map((app) => ['Application', app] as const),
];

/** Subscribes (again, after a reconnect: a new socket has neither) to the control events, filtered. */
function subscribeControl(conn: EslConnectionLike): void {
  conn.subscribe(CONTROL_EVENTS);
  for (const [header, value] of CONTROL_FILTERS) conn.filter(header, value);
}

interface RawConnection extends AbandonableConnection {
  disconnect(): void;
}

export class MediaConnection {
  private ms: MediaServerLike | undefined;
  private up = false;
  private closing = false;
  private attempts = 0;
  private retry: { cancel(): void } | undefined;
  downSince: number | undefined;
  lastError: string | undefined;
  /** Apps' ends awaited on this connection (switch-channel.ts). */
  readonly completions = new AppCompletions();
  /** The connections that carry the channels' commands (command-lanes.ts). */
  readonly lanes: CommandLanes;

  constructor(
    private readonly mrf: unknown,
    private readonly cfg: ResolvedDrachtioConfig,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onChange: (up: boolean) => void,
    /** FreeSWITCH ended a channel (its CHANNEL_CALLSTATE to HANGUP on the control connection). */
    private readonly onHangup: (uuid: string, cause: string | undefined) => void = () => undefined,
  ) {
    this.downSince = clock.now();
    const f = cfg.freeswitch;
    this.lanes = new CommandLanes(f.commandLanes, { host: f.host, port: f.port, password: f.password, retryMaxDelayMs: cfg.reconnectMaxDelayMs }, log.child({ component: 'command-lanes' }));
    // Every command (this connection's and the command lanes') in one write, Nagle off.
    sendEslCommandsWhole(esl.Connection);
    // Events built from FreeSWITCH's JSON with a header index, not a scan per header.
    indexEslEventHeaders(esl.Event);
  }

  /** The media server while the control connection is up and authenticated. */
  current(): MediaServerLike | undefined {
    return this.up && this.ms?.connected() ? this.ms : undefined;
  }

  get isUp(): boolean {
    return this.current() !== undefined;
  }

  start(): void {
    this.closing = false;
    this.attempt();
  }

  stop(): void {
    this.closing = true;
    this.retry?.cancel();
    const ms = this.ms;
    this.ms = undefined;
    this.up = false;
    this.completions.forgetAll();
    this.lanes.close();
    if (ms) {
      try {
        ms.disconnect();
      } catch {
        // already gone
      }
    }
  }

  private attempt(): void {
    if (this.closing) return;
    const { host, port, password } = this.cfg.freeswitch;
    let settled = false;
    const conn = new esl.Connection(host, port, password, () => {
      if (settled) return;
      settled = true;
      this.onAuthenticated(conn);
    }) as RawConnection;
    conn.reconnectOpts = { retryMaxDelay: this.cfg.reconnectMaxDelayMs };
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      abandon(conn);
      this.lastError = why;
      this.scheduleRetry(why);
    };
    const onEnd = () => fail('connection closed before authentication');
    const onAuthFail = () => fail('event-socket password rejected');
    conn.on('error', (err: unknown) => fail(String((err as Error)?.message ?? err)));
    conn.on('esl::event::auth::fail', onAuthFail);
    conn.on('esl::end', onEnd);
    conn.on('esl::event::raw::text/rude-rejection', () => fail('rejected by the event-socket ACL'));
    this.detachProbe = () => {
      conn.off('esl::end', onEnd);
      conn.off('esl::event::auth::fail', onAuthFail);
    };
  }

  private detachProbe: (() => void) | undefined;

  private onAuthenticated(conn: RawConnection): void {
    if (this.closing) return abandon(conn);
    noDelay(conn);
    const f = this.cfg.freeswitch;
    const ms = new MediaServer(conn, this.mrf, f.listenAddress, f.listenPort, f.advertisedAddress, undefined, f.profile) as MediaServerLike;
    ms.on('error', (err: unknown) => {
      if (this.ms === ms) return this.log.warn({ err: String(err) }, 'media server error');
      this.lastError = String((err as Error)?.message ?? err);
      abandon(conn);
      this.scheduleRetry(this.lastError);
    });
    ms.once('ready', () => {
      if (this.closing) return ms.disconnect();
      this.ms = ms;
      this.attempts = 0;
      this.detachProbe?.();
      // fsmrf's own listeners only write to the console; the adapter logs these through pino.
      for (const ev of ['esl::end', 'esl::ready']) for (const l of conn.listeners(ev)) conn.off(ev, l as (...a: unknown[]) => void);
      subscribeControl(conn);
      conn.on('esl::end', () => this.lost());
      conn.on('esl::event::CHANNEL_CALLSTATE::*', (evt: { getHeader(n: string): string | undefined }) => {
        if (evt.getHeader('Channel-Call-State') !== 'HANGUP') return;
        const uuid = evt.getHeader('Unique-ID');
        const cause = evt.getHeader('Hangup-Cause');
        this.log.debug({ uuid, cause }, 'FreeSWITCH channel hung up');
        if (uuid) this.onHangup(uuid, cause);
      });
      conn.on('esl::event::CHANNEL_EXECUTE_COMPLETE::*', (evt: EslEventLike) => this.completions.completed(evt));
      conn.on('esl::ready', () => this.regained(conn));
      this.lanes.open();
      this.markUp(true);
      this.log.info({ host: f.host, port: f.port }, 'FreeSWITCH event socket connected');
    });
  }

  private lost(): void {
    if (this.closing || !this.ms) return;
    const conn = this.ms.conn;
    // Replies still owed on the dead socket will never come; modesl would give them the next ones.
    conn.cmdCallbackQueue.length = 0;
    conn.apiCallbackQueue.length = 0;
    // Nor will the ends of the sounds being played: their waiters settle now.
    this.completions.forgetAll();
    if (this.up) this.log.error('FreeSWITCH event socket lost; new calls get 503 until it is back');
    this.markUp(false);
  }

  private regained(conn: EslConnectionLike): void {
    if (this.closing) return;
    noDelay(conn as RawConnection);
    subscribeControl(conn);
    this.log.info('FreeSWITCH event socket reconnected; subscriptions restored');
    this.markUp(true);
  }

  private markUp(up: boolean): void {
    if (this.up === up) return;
    this.up = up;
    this.downSince = up ? undefined : this.clock.now();
    if (up) this.lastError = undefined;
    this.onChange(up);
  }

  private scheduleRetry(why: string): void {
    if (this.closing) return;
    this.markUp(false);
    const delay = Math.min(this.cfg.reconnectMaxDelayMs, Math.floor(150 * 1.7 ** this.attempts++));
    if (this.attempts <= 3 || this.attempts % 20 === 0) this.log.warn({ why, retryInMs: delay }, 'FreeSWITCH event socket not available');
    this.retry?.cancel();
    this.retry = this.clock.setTimeout(() => this.attempt(), delay);
  }
}

/**
 * modesl writes a command in pieces (the line, each header, the blank line): with Nagle on, the last
 * piece waits for FreeSWITCH's delayed ACK, ~40 ms added to every bgapi job.
 */
function noDelay(conn: RawConnection): void {
  (conn.socket as { setNoDelay?: (on: boolean) => void } | null)?.setNoDelay?.(true);
}

/**
 * A FreeSWITCH channel driven over the bridge's one control connection, with no event socket of its
 * own. Every channel the bridge uses is one: those it makes (the caller's leg and the seat legs, with
 * their SIP dialog with FreeSWITCH; create-channel.ts) and those it adopts from a bridge that died
 * (no dialog: that belonged to the dead process).
 *
 * Why not fsmrf's Endpoint: each of those holds an outbound event socket, and FreeSWITCH serves each
 * socket with a thread that wakes every 20 ms while idle and yields once per byte it reads
 * (mod_event_socket.c, read_packet). Measured on FreeSWITCH 1.10.12, 200 parked channels at 20 new
 * ones a second: 52-56 % of a core with a socket per channel, 19-21 % without (README, "Speed on the
 * real servers").
 *
 * - Commands go as `bgapi` jobs (replies matched by Job-UUID, each under the command deadline): music
 *   and announcements by `sendmsg <uuid>` execute, bridging by `uuid_bridge`, unbridging by
 *   `uuid_transfer -both park inline`, three-way by `uuid_transfer … conference:<name> inline`.
 * - An app's end (`playback`, `endless_playback`, `eavesdrop`) is its CHANNEL_EXECUTE_COMPLETE on the control
 *   connection, matched by the Event-UUID the command carried (AppCompletions).
 * - The channel's end is the first of: FreeSWITCH's BYE on the dialog, its CHANNEL_CALLSTATE to HANGUP
 *   on the control connection (`lost()`), or the bridge letting it go (`released()`). It is reported
 *   once, as `destroy`, like an fsmrf endpoint's.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { EndpointLike, EslConnectionLike, EslEventLike, SrfDialog } from './library-types.js';
import { bgapi, type EslAccess } from './tagged-channels.js';
import { within } from './deadline.js';

/** Apps whose end the control connection hears (CONTROL_FILTERS): `execute` resolves when they end. */
export const APPS_WITH_END: ReadonlySet<string> = new Set(['playback', 'endless_playback', 'eavesdrop']);

/**
 * Waiters for apps' ends, by the Event-UUID their command carried (FreeSWITCH echoes it as
 * Application-UUID). One per control connection; a channel's loss settles its own waiters.
 */
export class AppCompletions {
  private readonly waiting = new Map<string, { uuid: string; done: (evt: EslEventLike | undefined) => void }>();

  expect(channelUuid: string, eventUuid: string): Promise<EslEventLike | undefined> {
    return new Promise((done) => this.waiting.set(eventUuid, { uuid: channelUuid, done }));
  }

  /** A CHANNEL_EXECUTE_COMPLETE arrived on the control connection. */
  completed(evt: EslEventLike): void {
    const id = evt.getHeader('Application-UUID');
    const w = id ? this.waiting.get(id) : undefined;
    if (!w || !id) return;
    this.waiting.delete(id);
    w.done(evt);
  }

  /** The app's command was refused, or its channel is gone: its waiter settles with no event. */
  forget(eventUuid: string): void {
    const w = this.waiting.get(eventUuid);
    this.waiting.delete(eventUuid);
    w?.done(undefined);
  }

  forgetChannel(channelUuid: string): void {
    for (const [id, w] of this.waiting) if (w.uuid === channelUuid) this.forget(id);
  }

  /** The control connection went away: no app end will be heard on it. */
  forgetAll(): void {
    for (const id of [...this.waiting.keys()]) this.forget(id);
  }

  get size(): number {
    return this.waiting.size;
  }
}

/** What a channel needs from the control connection. */
export interface SwitchAccess extends EslAccess {
  completions: AppCompletions;
  /** The command lane of a channel while it is up (command-lanes.ts); none: bgapi on the control connection. */
  laneFor?(uuid: string): EslConnectionLike | undefined;
}

/** The Hangup-Cause FreeSWITCH puts in its BYE (`Reason: Q.850;cause=…;text="MEDIA_TIMEOUT"`). */
export function causeOfBye(req: { get?(name: string): string | undefined } | undefined): string | undefined {
  const reason = req?.get?.('Reason');
  return reason ? /text="([^"]+)"/.exec(reason)?.[1] : undefined;
}

export class SwitchChannel extends EventEmitter implements EndpointLike {
  readonly local: { sdp: string };
  private alive = true;
  /** Why FreeSWITCH ended the channel (Hangup-Cause), once it did. */
  hangupCause: string | undefined;

  constructor(
    readonly uuid: string,
    private readonly access: () => SwitchAccess | undefined,
    /** The SIP dialog with FreeSWITCH for a channel this bridge made; null for an adopted one. */
    readonly dialog: SrfDialog | null = null,
    /** Told once when the channel is over, however it ended (the adapter's channel map). */
    private readonly onOver: (ch: SwitchChannel) => void = () => undefined,
  ) {
    super();
    this.local = { sdp: dialog?.remote.sdp ?? '' };
    // FreeSWITCH's BYE: the channel ended there (media timeout, a kill, a restart's BYEs).
    dialog?.once('destroy', (req?: { get?(name: string): string | undefined }) => this.lost(causeOfBye(req) ?? 'NORMAL_CLEARING'));
  }

  connected(): boolean {
    return this.alive;
  }

  /** FreeSWITCH hung the channel up (its BYE, or the control connection's HANGUP). */
  lost(cause: string | undefined): void {
    if (!this.over()) return;
    this.hangupCause = cause;
    this.emit('destroy', { reason: cause });
  }

  /** The bridge hung the channel up or let it go: it is no longer watched, and no `destroy` follows. */
  released(): void {
    this.over();
  }

  private over(): boolean {
    if (!this.alive) return false;
    this.alive = false;
    this.access()?.completions.forgetChannel(this.uuid);
    this.onOver(this);
    return true;
  }

  private job(command: string, args: string): Promise<string> {
    const access = this.access();
    if (!access) return Promise.reject(new Error('FreeSWITCH unreachable'));
    const lane = access.laneFor?.(this.uuid);
    if (!lane) return bgapi(access, command, args);
    const reply = new Promise<string>((resolve) => lane.api(command, args, (evt) => resolve(evt?.getBody() ?? '')));
    return within(access.clock, reply, access.timeoutMs, `FreeSWITCH ${command}`);
  }

  private async ok(command: string, args: string): Promise<void> {
    const body = await this.job(command, args);
    if (!body.startsWith('+OK')) throw new Error(`${command}: ${body.trim() || 'no reply body'}`);
  }

  async api(command: string, args: string | string[] = []): Promise<string> {
    return this.job(command, Array.isArray(args) ? args.join(' ') : args);
  }

  async set(name: string | Record<string, string>, value = ''): Promise<unknown> {
    if (typeof name !== 'string') return Promise.all(Object.entries(name).map(([k, v]) => this.set(k, v)));
    return this.ok('uuid_setvar', `${this.uuid} ${name} ${value}`);
  }

  /**
   * Runs an application on the channel. For APPS_WITH_END, resolves with its CHANNEL_EXECUTE_COMPLETE
   * once it ends (undefined when the channel or the control connection went first); for any other,
   * once FreeSWITCH has queued it.
   */
  async execute(app: string, arg = ''): Promise<EslEventLike | undefined> {
    if (app === 'set' || app === 'export') {
      const i = arg.indexOf('=');
      await this.set(arg.slice(0, i), arg.slice(i + 1));
      return undefined;
    }
    const access = this.access();
    if (!access) throw new Error('FreeSWITCH unreachable');
    const eventUuid = randomUUID();
    const ends = APPS_WITH_END.has(app) ? access.completions.expect(this.uuid, eventUuid) : undefined;
    try {
      await sendmsg(access, access.laneFor?.(this.uuid) ?? access.conn, this.uuid, { 'call-command': 'execute', 'execute-app-name': app, 'execute-app-arg': arg, 'Event-UUID': eventUuid });
    } catch (err) {
      access.completions.forget(eventUuid);
      throw err;
    }
    return ends;
  }

  recordSession(): Promise<unknown> {
    // The adapter records with uuid_record (anchor-caller.ts); a taken-over call's recording goes on.
    return Promise.resolve();
  }

  modify(sdp: string): Promise<unknown> {
    if (!this.dialog) return Promise.reject(new Error('a taken-over channel cannot be re-negotiated'));
    return this.dialog.modify(sdp);
  }

  async bridge(other: EndpointLike): Promise<void> {
    await this.ok('uuid_bridge', `${this.uuid} ${other.uuid}`);
  }

  async unbridge(): Promise<void> {
    await this.ok('uuid_transfer', `${this.uuid} -both park inline`);
  }

  async join(conference: string): Promise<{ memberId: number; confUuid: string }> {
    // Parked again if the conference ends under it, as a channel between commands always is.
    await this.ok('uuid_transfer', `${this.uuid} conference:${conference},park inline`);
    return { memberId: 0, confUuid: '' };
  }
}

/** `sendmsg <uuid>` on `conn` (the channel's command lane, or the control connection); resolves on FreeSWITCH's +OK, under the command deadline. */
function sendmsg(access: EslAccess, conn: EslConnectionLike, uuid: string, headers: Record<string, string>): Promise<void> {
  const reply = new Promise<void>((resolve, reject) => {
    conn.sendRecv(`sendmsg ${uuid}`, headers, (evt) => {
      const text = evt?.getHeader('Reply-Text') ?? '';
      if (text.startsWith('+OK')) resolve();
      else reject(new Error(`sendmsg ${headers['execute-app-name'] ?? ''}: ${text || 'no reply'}`));
    });
  });
  return within(access.clock, reply, access.timeoutMs, `FreeSWITCH sendmsg ${headers['execute-app-name'] ?? ''}`);
}

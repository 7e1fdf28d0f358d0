/**
 * A FreeSWITCH channel a bridge which died created, driven by its successor. Its outbound event
 * socket and its SIP dialog with FreeSWITCH belonged to the dead process, so everything goes over the
 * successor's control connection with `bgapi` (replies matched by Job-UUID, each with the command
 * deadline): music by `uuid_broadcast`, bridging by `uuid_bridge`, unbridging by `uuid_transfer -both
 * park`, hanging up by `uuid_kill` (CallRegistry does that for an endpoint without a dialog). The
 * channel's end is learnt from the control connection's CHANNEL_CALLSTATE to HANGUP (`lost()`), reported
 * as `destroy` like an fsmrf endpoint's.
 */
import { EventEmitter } from 'node:events';
import type { EndpointLike } from './library-types.js';
import { bgapi, type EslAccess } from './tagged-channels.js';

export class AdoptedChannel extends EventEmitter implements EndpointLike {
  readonly local = { sdp: '' };
  readonly dialog = null;
  private alive = true;
  /** Why FreeSWITCH ended the channel (Hangup-Cause), once it did. */
  hangupCause: string | undefined;

  constructor(
    readonly uuid: string,
    private readonly esl: () => EslAccess | undefined,
  ) {
    super();
  }

  connected(): boolean {
    return this.alive;
  }

  /** FreeSWITCH hung the channel up (seen on the control connection). */
  lost(cause: string | undefined): void {
    if (!this.alive) return;
    this.alive = false;
    this.hangupCause = cause;
    this.emit('destroy');
  }

  private job(command: string, args: string): Promise<string> {
    const esl = this.esl();
    if (!esl) return Promise.reject(new Error('FreeSWITCH unreachable'));
    return bgapi(esl, command, args);
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

  /** Runs an application on the channel; resolves once FreeSWITCH has queued it (not when it ends). */
  async execute(app: string, arg = ''): Promise<unknown> {
    if (app === 'set' || app === 'export') {
      const i = arg.indexOf('=');
      return this.set(arg.slice(0, i), arg.slice(i + 1));
    }
    return this.ok('uuid_broadcast', `${this.uuid} ${app}::${arg} aleg`);
  }

  recordSession(): Promise<unknown> {
    // The recording the dead bridge started goes on with the channel.
    return Promise.resolve();
  }

  modify(): Promise<unknown> {
    return Promise.reject(new Error('a taken-over channel cannot be re-negotiated'));
  }

  async bridge(other: EndpointLike): Promise<void> {
    await this.ok('uuid_bridge', `${this.uuid} ${other.uuid}`);
  }

  async unbridge(): Promise<void> {
    await this.ok('uuid_transfer', `${this.uuid} -both park inline`);
  }

  async join(conference: string): Promise<{ memberId: number; confUuid: string }> {
    await this.ok('uuid_transfer', `${this.uuid} conference:${conference} inline`);
    return { memberId: 0, confUuid: '' };
  }
}

/**
 * Every FreeSWITCH channel the adapter drives (made or adopted), by uuid, and what their end looks
 * like from here. They have no event socket of their own (switch-channel.ts), so:
 * - a hang-up is heard on the control connection (`ended`) or as FreeSWITCH's BYE (the channel's own);
 * - while the control connection is away no hang-up is heard and no channel can be steered: after
 *   `graceMs` every channel is taken for lost; if it is back sooner, the channels FreeSWITCH no longer
 *   has (it restarted, or hung some up meanwhile) are.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { SwitchChannel, type SwitchAccess } from './switch-channel.js';
import { showChannels } from './tagged-channels.js';

export interface LiveChannelsDeps {
  clock: Clock;
  log: Logger;
  /** The control connection while it is up. */
  access(): SwitchAccess | undefined;
  graceMs: number;
}

export class LiveChannels {
  private readonly byUuid = new Map<string, SwitchChannel>();
  private lossTimer: { cancel(): void } | undefined;

  constructor(private readonly d: LiveChannelsDeps) {}

  /** A channel the adapter made (create-channel.ts) starts being watched. */
  add(ch: SwitchChannel): void {
    this.byUuid.set(ch.uuid, ch);
  }

  /** A channel of a bridge that died, driven from now on over the control connection. */
  adopt(uuid: string): SwitchChannel {
    const ch = new SwitchChannel(uuid, () => this.d.access(), null, (c) => this.over(c));
    this.byUuid.set(uuid, ch);
    return ch;
  }

  /** Told to each channel as it is over, however it ended. */
  readonly over = (ch: SwitchChannel): void => {
    if (this.byUuid.get(ch.uuid) === ch) this.byUuid.delete(ch.uuid);
  };

  /** FreeSWITCH ended a channel (the control connection's HANGUP). */
  ended(uuid: string, cause: string | undefined): void {
    this.byUuid.get(uuid)?.lost(cause);
  }

  /** The control connection dropped (up false) or came back. */
  controlChanged(up: boolean): void {
    if (!up) {
      this.lossTimer ??= this.d.clock.setTimeout(() => this.allLost(), this.d.graceMs);
      return;
    }
    if (!this.lossTimer) return;
    this.lossTimer.cancel();
    this.lossTimer = undefined;
    void this.verify([...this.byUuid.values()]);
  }

  /** Stop watching without ending anything (shutdown, or the calls left to another bridge). */
  stop(opts: { release?: boolean } = {}): void {
    this.lossTimer?.cancel();
    this.lossTimer = undefined;
    if (opts.release === false) return;
    for (const ch of [...this.byUuid.values()]) ch.released();
    this.byUuid.clear();
  }

  private allLost(): void {
    this.lossTimer = undefined;
    const lost = [...this.byUuid.values()];
    if (lost.length) this.d.log.error({ channels: lost.length, graceMs: this.d.graceMs }, 'FreeSWITCH control connection still down: its channels are taken for lost');
    for (const ch of lost) ch.lost(undefined);
  }

  /** Which of these channels FreeSWITCH still has, once the control connection is back. */
  private async verify(held: SwitchChannel[]): Promise<void> {
    const access = this.d.access();
    if (!access || !held.length) return;
    let present: Set<string>;
    try {
      present = new Set((await showChannels(access)).map((r) => r.uuid ?? ''));
    } catch (err) {
      this.d.log.warn({ err: String(err) }, 'could not list FreeSWITCH channels after the control connection came back');
      return;
    }
    const gone = held.filter((ch) => !present.has(ch.uuid));
    if (gone.length) this.d.log.warn({ channels: gone.length }, 'channels ended while the control connection was down (FreeSWITCH restarted?)');
    for (const ch of gone) ch.lost(undefined);
  }
}

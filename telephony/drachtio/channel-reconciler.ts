/**
 * Periodic check of FreeSWITCH's channel list against the channels the adapter holds. A channel
 * tagged with a hotline call id that no live call accounts for — an endpoint whose creation settled
 * after its offer was given up, a leg left by a crashed bridge, a channel whose BYE was lost — is
 * hung up, logged with its call id and counted. Channels without the tag are not the bridge's and
 * are left alone; young channels are skipped (they may be endpoints being created right now).
 *
 * One FreeSWITCH serves one active bridge: a second bridge on the same switch would hang up the
 * first one's calls (the active/standby take-over fences the old bridge first).
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { killChannel, listTaggedChannels, type EslAccess } from './tagged-channels.js';

export interface ReconcilerDeps {
  clock: Clock;
  log: Logger;
  intervalMs: number;
  graceMs: number;
  /** The control connection while FreeSWITCH is reachable. */
  esl(): EslAccess | undefined;
  /** Is this channel one the adapter holds right now? */
  holds(uuid: string): boolean;
  /** A channel was hung up as an orphan. */
  counted(): void;
}

export class ChannelReconciler {
  private timer: { cancel(): void } | undefined;
  private running = false;
  private stopped = true;

  constructor(private readonly d: ReconcilerDeps) {}

  start(): void {
    if (this.d.intervalMs <= 0) return;
    this.stopped = false;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** One pass; resolves with the uuids hung up. Never rejects (a failed pass is logged and retried next period). */
  async reconcile(): Promise<string[]> {
    const esl = this.d.esl();
    if (!esl || this.running) return [];
    this.running = true;
    const killed: string[] = [];
    try {
      const now = this.d.clock.now() / 1000;
      const channels = await listTaggedChannels(esl, (uuid) => this.d.holds(uuid));
      for (const ch of channels) {
        if (!ch.callId || this.d.holds(ch.uuid)) continue;
        if (ch.createdEpoch > 0 && now - ch.createdEpoch < this.d.graceMs / 1000) continue;
        // Look again: the channel may have become ours while we listed.
        if (this.d.holds(ch.uuid)) continue;
        const ok = await killChannel(esl, ch.uuid, 'NORMAL_CLEARING').catch(() => false);
        if (!ok) continue;
        killed.push(ch.uuid);
        this.d.counted();
        this.d.log.warn({ callId: ch.callId, uuid: ch.uuid, channel: ch.name, state: ch.state }, 'hung up a FreeSWITCH channel no live call accounts for');
      }
    } catch (err) {
      this.d.log.warn({ err: String(err) }, 'channel reconciliation failed; trying again next period');
    } finally {
      this.running = false;
    }
    return killed;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.d.clock.setTimeout(() => {
      void this.reconcile().finally(() => this.schedule());
    }, this.d.intervalMs);
  }
}

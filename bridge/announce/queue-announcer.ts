/**
 * Tells waiting callers where they stand, in the language they were routed to: the greeting when a
 * call first waits, then every `announce.everySeconds` (per desk) their place in their language × desk
 * group and the expected wait, from that group's recent answers. The bridge decides what is said; the
 * telephony plays it (TelephonyPort.announce), in the call's command chain after its music.
 *
 * The greeting is said once, the first time a call waits (a seat that rang at once and missed counts
 * as not yet waited; a caller who has talked to an agent is not welcomed again). The clock runs per
 * call from when it first waits. A tick while a seat rings for the call says nothing (the caller
 * hears ringback) and waits for the next one; a call back in the queue after a missed offer keeps its
 * rhythm; one sent back by a transfer starts a new one. No menu, no question.
 */
import type { Logger } from 'pino';
import type { Announcement } from '../../telephony/telephony-port.js';
import type { AcdCall } from '../acd/acd-types.js';
import { CallState, type CallView } from '../calls/call-center-api.js';
import type { CallRecords, CoreAccess, SwitchCommands } from '../calls/call-center-context.js';
import type { CallEventBus } from '../calls/event-bus.js';
import type { HotlineConfig } from '../config/schema.js';
import type { Language } from '../domain/types.js';
import { announcementLanguage, greeting, queueUpdate } from './announcement-builder.js';
import type { PhraseCatalogue } from './phrase-catalogue.js';
import { queueGroup, queuePosition } from './queue-position.js';
import { RecentAnswers, expectedWaitSeconds, type RateWindow } from './wait-estimate.js';

export type AnnouncerDeps = CoreAccess &
  CallRecords &
  SwitchCommands & { readonly events: CallEventBus; readonly config: Pick<HotlineConfig, 'announce' | 'desks' | 'languages'>; readonly logger: Logger };

export class QueueAnnouncer {
  private readonly timers = new Map<string, { cancel(): void }>();
  /** Calls that heard the greeting (once per call, the first time it waits). */
  private readonly greeted = new Set<string>();
  private readonly answers: RecentAnswers;
  private readonly window: RateWindow;
  private readonly centre: Language;
  private readonly off: () => void;

  constructor(
    private readonly ctx: AnnouncerDeps,
    private readonly phrases: PhraseCatalogue,
  ) {
    const a = ctx.config.announce;
    this.window = { windowMs: a.rateWindowSeconds * 1000, minAnswers: a.minAnswers };
    this.answers = new RecentAnswers(this.window.windowMs);
    this.centre = ctx.config.languages[0]?.code ?? 'zh';
    this.off = ctx.events.on((e) => {
      if (e.type === 'call') this.onCall(e.kind, e.call, e.detail, e.at);
    });
  }

  /** Stop every call's clock and stop listening (shutdown, tests). */
  close(): void {
    this.off();
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
    this.greeted.clear();
  }

  private onCall(kind: string, call: CallView, detail: Record<string, unknown> | undefined, at: number): void {
    switch (kind) {
      case 'queued':
        // First wait: on arrival, or after a seat that rang at once did not answer.
        if ((detail?.cause === 'arrived' || detail?.cause === 'returned') && !this.greeted.has(call.id)) {
          this.greeted.add(call.id);
          this.say(call.id, this.languageFor(call.target.language), greeting);
        }
        if (detail?.cause !== 'returned' || !this.timers.has(call.id)) this.schedule(call.id, call.target.desk);
        return;
      case 'adopted':
        // Taken over from a bridge that died: the caller has been here a while already.
        this.greeted.add(call.id);
        if (call.state === CallState.Queued) this.schedule(call.id, call.target.desk);
        return;
      case 'answered':
        this.greeted.add(call.id);
        this.answers.record(queueGroup(call), at);
        return this.stop(call.id);
      case 'abandoned':
      case 'ended':
      case 'transferred-out':
        this.greeted.delete(call.id);
        return this.stop(call.id);
    }
  }

  private everyMs(desk: string): number {
    const own = this.ctx.config.desks.find((d) => d.id === desk)?.announce?.everySeconds;
    return (own ?? this.ctx.config.announce.everySeconds) * 1000;
  }

  private schedule(callId: string, desk: string): void {
    this.stop(callId);
    const ms = this.everyMs(desk);
    if (ms <= 0) return;
    this.timers.set(
      callId,
      this.ctx.clock.setTimeout(() => this.tick(callId), ms),
    );
  }

  private stop(callId: string): void {
    this.timers.get(callId)?.cancel();
    this.timers.delete(callId);
  }

  private tick(callId: string): void {
    this.timers.delete(callId);
    const call = this.ctx.acd.call(callId);
    if (!call) return;
    if (call.state === CallState.Queued) this.update(call);
    // Ringing a seat: nothing said now (ringback), the rhythm goes on; talking or gone: it stops.
    if (call.state === CallState.Queued || call.state === CallState.Offering || call.state === CallState.Arrived) this.schedule(callId, call.target.desk);
  }

  private update(call: Readonly<AcdCall>): void {
    const language = this.languageFor(call.target.language);
    const set = language && this.phrases.languages[language];
    if (!language || !set) return;
    const now = this.ctx.clock.now();
    const position = queuePosition(this.ctx.acd.waitingCalls(), call);
    const wait = expectedWaitSeconds(position, this.answers.times(queueGroup(call), now), now, this.window);
    const said = queueUpdate(set, language, position, wait);
    if (said) this.say(call.id, language, () => said);
  }

  private languageFor(wanted: Language): Language | null {
    return announcementLanguage(this.phrases, wanted, this.centre);
  }

  private say(callId: string, language: Language | null, make: (l: Language) => Announcement): void {
    if (!language) return;
    const a = make(language);
    this.ctx.calls.get(callId)?.log.debug({ announcement: a }, 'announcing to the waiting caller');
    void this.ctx.send(callId, 'announce', () => this.ctx.telephony.announce(callId, a));
  }
}

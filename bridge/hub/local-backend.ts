/**
 * The hub's backend on the active bridge: the local call centre. It owns what only the active bridge
 * may do — screen-pops for offers, the event fan-out to every desktop (through the adapter, so a
 * standby's desktops get it too), seat presence (log seats in and out) and the commands.
 */
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import { CommandError, type CallCenter } from '../calls/call-center-api.js';
import type { HotlineConfig } from '../config/schema.js';
import type { ScreenPopAssembler } from '../history/history-ports.js';
import { commandHandlers, type AuditReader, type CommandHandlers } from './command-handlers.js';
import { EventFanout } from './event-fanout.js';
import type { AckResult, CommandName, HubError, HubUser, SnapshotPayload } from './events.js';
import { answerQuery, type HubBackend, type HubQuery, type HubQueryResults } from './hub-backend.js';
import type { HubServer } from './hub-types.js';
import { OfferPops } from './offer-pops.js';
import { SeatPresence } from './seat-presence.js';
import { buildSnapshot } from './snapshot.js';

export interface LocalBackendOptions {
  io: HubServer;
  callCenter: CallCenter;
  pop: ScreenPopAssembler;
  config: HotlineConfig;
  audit: AuditReader;
  clock: Clock;
  logger: Logger;
  logoutGraceMs: number;
  wallboardIntervalMs: number;
}

const refusal = (code: HubError['code'], message: string): AckResult<never> => ({ ok: false, error: { code, message } });

export class LocalBackend implements HubBackend {
  readonly presence: SeatPresence;
  private readonly offers: OfferPops;
  private readonly fanout: EventFanout;
  private readonly handlers: CommandHandlers;

  constructor(private readonly o: LocalBackendOptions) {
    const { io, callCenter, pop, config, clock, logger } = o;
    this.offers = new OfferPops({ callCenter, pop, config, now: () => clock.now(), logger });
    this.fanout = new EventFanout({ io, callCenter, offers: this.offers, clock, wallboardIntervalMs: o.wallboardIntervalMs, auditKeep: 500, logger });
    this.presence = new SeatPresence(callCenter, clock, o.logoutGraceMs, logger);
    this.handlers = commandHandlers(callCenter, o.audit);
    this.fanout.start();
  }

  async snapshot(user: HubUser): Promise<SnapshotPayload> {
    const head = user.role === 'agent' ? undefined : (await this.o.audit.listAudit({ limit: 100 })).entries;
    return buildSnapshot({ callCenter: this.o.callCenter, offers: this.offers, config: this.o.config, now: () => this.o.clock.now() }, user, head);
  }

  async command(user: HubUser, name: CommandName, payload: unknown, log: Logger): Promise<AckResult<unknown>> {
    try {
      const handler = this.handlers[name] as (a: HubUser, p: unknown) => unknown;
      const result = await handler(user, payload);
      log.info({ event: name }, 'command done');
      return { ok: true, result: result ?? null };
    } catch (err) {
      if (err instanceof CommandError) {
        log.warn({ event: name, code: err.code, reason: err.message }, 'command refused');
        return refusal(err.code, err.message);
      }
      log.error({ err, event: name }, 'command failed');
      return refusal('internal', 'the bridge could not do this; try again');
    }
  }

  async query<K extends HubQuery['kind']>(q: Extract<HubQuery, { kind: K }>): Promise<HubQueryResults[K]> {
    return answerQuery(this.o.callCenter, q);
  }

  attach(seatId: string, socketId: string): void {
    this.presence.attach(seatId, socketId);
  }

  detach(seatId: string, socketId: string, immediate: boolean): void {
    this.presence.detach(seatId, socketId, immediate);
  }

  close(): void {
    this.fanout.stop();
    this.presence.stop();
  }
}

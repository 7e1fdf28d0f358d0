/** A CallCenterService on a manual clock and a fake telephony, with a tiny config and a scripted router. */
import pino from 'pino';
import { ManualClock, settle } from '../../../telephony/lab/manual-clock.js';
import type { InboundCall } from '../../../telephony/telephony-port.js';
import { CallCenterService } from '../../../bridge/calls/call-center.js';
import type { CallCenterEvent } from '../../../bridge/calls/call-center-api.js';
import { configSchema, type HotlineConfig } from '../../../bridge/config/schema.js';
import type { RoutingTarget } from '../../../bridge/domain/types.js';
import { FakeTelephony, inbound } from './fake-telephony.js';

export function testConfig(overrides: Record<string, unknown> = {}): HotlineConfig {
  return configSchema.parse({
    languages: [
      { code: 'zh', name: 'Mandarin', nativeName: '普通话' },
      { code: 'kk', name: 'Kazakh', nativeName: 'قازاقشا' },
    ],
    desks: [
      { id: 'general', name: '综合', ringTimeoutSeconds: 10, homeRingTimeoutSeconds: 25, wrapUpSeconds: 20, expansion: [{ afterSeconds: 30, widen: 'any-seat' }] },
      { id: 'social', name: '社保专席', wrapUpSeconds: 15 },
      { id: 'emergency', name: '应急联动', emergency: true },
    ],
    numberPlan: [{ did: '12345', label: '12345 热线' }],
    seats: [
      { id: 'zh1', name: '王', languages: ['zh'], desks: ['general'], officeContact: 'sip:zh1@office', homeContact: 'sip:zh1@home.example' },
      { id: 'kk1', name: '阿', languages: ['kk', 'zh'], desks: ['general'], officeContact: 'sip:kk1@office' },
      { id: 'so1', name: '李', languages: ['zh'], desks: ['social'], officeContact: 'sip:so1@office', homeContact: '13900001111' },
      { id: 'em1', name: '赵', languages: ['zh'], desks: ['emergency', 'general'], officeContact: 'sip:em1@office' },
    ],
    homeSeat: { presets: [{ id: 'typhoon', name: '台风', foldDesks: ['social'], intoDesk: 'general', reserveDesks: ['emergency'], wrapUpSeconds: 5 }] },
    ...overrides,
  });
}

export const T0 = Date.UTC(2024, 8, 6, 1, 0, 0);

export function target(extra: Partial<RoutingTarget> = {}): RoutingTarget {
  return { language: 'zh', languageStrength: 'required', desk: 'general', priority: 0, reasons: [{ source: 'default', text: 'test' }], ...extra };
}

export class Rig {
  readonly clock = new ManualClock(T0);
  readonly tel = new FakeTelephony();
  readonly events: CallCenterEvent[] = [];
  /** Routing decisions by caller number; default zh/general. */
  readonly routes = new Map<string, RoutingTarget>();
  readonly cc: CallCenterService;

  constructor(opts: { config?: HotlineConfig; autoLoginSeats?: boolean; route?: (c: InboundCall) => Promise<{ target: RoutingTarget; didLabel: string }> } = {}) {
    this.cc = new CallCenterService({
      config: opts.config ?? testConfig(),
      telephony: this.tel,
      route: opts.route ?? (async (c) => ({ target: this.routes.get(c.callerNumber) ?? target(), didLabel: `${c.dialledNumber} 热线` })),
      clock: this.clock,
      logger: pino({ level: 'silent' }),
      autoLoginSeats: opts.autoLoginSeats,
    });
    this.cc.on((e) => this.events.push(e));
  }

  /** A call arrives and routing settles. */
  async arrive(extra: Partial<InboundCall> = {}, t?: RoutingTarget): Promise<string> {
    const call = inbound({ arrivedAt: this.clock.now(), ...extra });
    if (t) this.routes.set(call.callerNumber, t);
    this.tel.emit({ type: 'call-arrived', call });
    await settle();
    return call.callId;
  }

  offerIdFor(callId: string): string {
    const o = this.tel.lastOffer(callId);
    if (!o) throw new Error(`no offer for ${callId}`);
    return o.offerId;
  }

  answer(callId: string): void {
    this.tel.emit({ type: 'seat-answered', callId, offerId: this.offerIdFor(callId) });
  }

  callKinds(callId: string): string[] {
    return this.events.filter((e) => e.type === 'call' && e.call.id === callId).map((e) => (e.type === 'call' ? e.kind : ''));
  }
}

export { settle };

/**
 * Test rig for the real adapter: the drachtio-server double and the FreeSWITCH double on 127.0.0.1:0,
 * the adapter connected to both through the real drachtio-srf / drachtio-fsmrf / modesl, and a tiny
 * driver that plays the bridge's part (collects events, offers when told).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { DrachtioServerDouble } from '../../../fixtures/doubles/drachtio-server-double.js';
import { FreeswitchDouble } from '../../../fixtures/doubles/freeswitch-double.js';
import { SeatPhone, type SeatScript } from '../../../fixtures/doubles/seat-phone.js';
import type { CallerOptions, EmulatedCaller } from '../../../fixtures/doubles/emulated-caller.js';
import { DrachtioTelephony } from '../../../telephony/drachtio/drachtio-telephony.js';
import type { DrachtioTelephonyOptions } from '../../../telephony/drachtio/options.js';
import type { InboundCall, OfferRequest, TelephonyEvent } from '../../../telephony/telephony-port.js';

export const SECRET = 'rig-secret-9f2';
export const ESL_PASSWORD = 'rig-esl-7c1';
export const TRUNK_IP = '10.20.0.5';
export const GATEWAY = '10.9.9.9:5060';

export interface Rig {
  drachtio: DrachtioServerDouble;
  fs: FreeswitchDouble;
  tel: DrachtioTelephony;
  events: TelephonyEvent[];
  logs: string[];
  /** Where the FreeSWITCH double writes recordings (a fresh temp folder). */
  recordingsDir: string;
  gateway: SeatPhone;
  seat(aor: string, script?: SeatScript): SeatPhone;
  call(opts?: CallerOptions): EmulatedCaller;
  /** Resolves with the first event (already seen or future) matching. */
  event<T extends TelephonyEvent['type']>(
    type: T,
    pred?: (e: Extract<TelephonyEvent, { type: T }>) => boolean,
    ms?: number,
  ): Promise<Extract<TelephonyEvent, { type: T }>>;
  /** Places a call and waits for the adapter's call-arrived. */
  arrive(opts?: CallerOptions): Promise<{ caller: EmulatedCaller; call: InboundCall }>;
  offerTo(call: InboundCall, seat: SeatPhone, extra?: Partial<OfferRequest>): Promise<string>;
  stop(): Promise<void>;
}

let offerSeq = 0;

/** Every event the adapter emits, and a wait for the first one of a type (past or future) that matches. */
export function collectEvents(tel: Pick<DrachtioTelephony, 'on'>): { events: TelephonyEvent[]; event: Rig['event'] } {
  const events: TelephonyEvent[] = [];
  const waiters: Array<() => void> = [];
  tel.on((e) => {
    events.push(e);
    for (const w of waiters.splice(0)) w();
  });
  const event: Rig['event'] = (type, pred, ms = 8000) => {
    const match = (e: TelephonyEvent) => e.type === type && (!pred || pred(e as never));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}; saw ${events.map((e) => e.type).join(', ')}`)), ms);
      const check = () => {
        const hit = events.find(match);
        if (hit) {
          clearTimeout(timer);
          resolve(hit as never);
        } else waiters.push(check);
      };
      check();
    });
  };
  return { events, event };
}

export async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function startRig(overrides: Partial<DrachtioTelephonyOptions> = {}, opts: { commandLanes?: number } = {}): Promise<Rig> {
  const drachtio = new DrachtioServerDouble({ secret: SECRET });
  const d = await drachtio.start();
  const fs = new FreeswitchDouble({ password: ESL_PASSWORD, drachtio });
  const f = await fs.start();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const recordingsDir = mkdtempSync(join(tmpdir(), 'rig-recordings-'));
  const tel = new DrachtioTelephony({
    drachtio: { host: d.host, port: d.port, secret: SECRET },
    freeswitch: { host: f.host, port: f.port, password: ESL_PASSWORD, listenAddress: '127.0.0.1', ...(opts.commandLanes === undefined ? {} : { commandLanes: opts.commandLanes }) },
    trustedTrunks: [{ name: 'carrier-sbc', addresses: ['10.20.0.0/24'] }],
    recordingsDir,
    holdMusic: { zh: '/music/zh.wav', kk: '/music/kk.wav', en: '/music/en.wav' },
    outboundGateway: `sip:{number}@${GATEWAY}`,
    reconnectMaxDelayMs: 200,
    startTimeoutMs: 5000,
    // Short deadlines keep the fault tests quick; their logic does not depend on the values.
    commandTimeoutMs: 600,
    cancelSettleMs: 200,
    dialogProbeMs: 100,
    reconcileIntervalMs: 0,
    reconcileGraceMs: 0,
    // Off unless a case asks for it: the fault cases steer the endpoints an offer creates
    // (endpoint-pool.test.ts covers the pool, whole calls included).
    endpointPool: { size: 0 },
    logger,
    ...overrides,
  });
  const { events, event } = collectEvents(tel);
  await tel.start();
  await until(() => tel.health().ok && drachtio.readyApps > 0, 'adapter connected');
  const gateway = new SeatPhone(drachtio, GATEWAY, { kind: 'answer', answerAfterMs: 5 }, 'gateway');
  const rig: Rig = {
    drachtio,
    fs,
    tel,
    events,
    logs,
    recordingsDir,
    gateway,
    seat: (aor, script) => new SeatPhone(drachtio, aor, script),
    call: (opts) => drachtio.call({ source: { address: TRUNK_IP, port: 5060 }, ...opts }),
    event,
    async arrive(opts) {
      const caller = rig.call(opts);
      const e = await rig.event('call-arrived', (x) => !claimed.has(x.call.callId));
      claimed.add(e.call.callId);
      return { caller, call: e.call };
    },
    async offerTo(call, seat, extra = {}) {
      const offerId = `offer-${++offerSeq}`;
      await tel.offer(call.callId, {
        offerId,
        seatId: seat.aor.split('@')[0] ?? 'seat',
        contact: seat.uri,
        ringTimeoutMs: 2000,
        callerIdNumber: call.callerNumber,
        callerDisplayName: call.callerDisplayName,
        ...extra,
      });
      return offerId;
    },
    async stop() {
      await tel.stop();
      await fs.stop();
      await drachtio.stop();
      rmSync(recordingsDir, { recursive: true, force: true });
    },
  };
  const claimed = new Set<string>();
  return rig;
}

/**
 * After every call is over nothing may be left: no FreeSWITCH channel, no endpoint in the adapter, and
 * no SIP dialog on either side — caller, seat phones, gateway legs, FreeSWITCH (a seat phone still in a
 * dialog is dead air at a desk). Only the adapter's ready spares (its warm pool) stay, each exactly one
 * FreeSWITCH channel and one dialog.
 */
export async function noLeaks(rig: Rig): Promise<void> {
  const what = () =>
    `FreeSWITCH channels ${rig.fs.liveChannels()} (+${rig.fs.spares().length} spares; adapter has ${rig.tel.spareEndpoints()}), adapter endpoints ${rig.tel.health().liveChannels}, adapter SIP dialogs ${rig.tel.sipDialogs()}, open dialogs ${JSON.stringify(rig.drachtio.openDialogsByParty())}`;
  try {
    await until(
      () =>
        rig.fs.liveChannels() === 0 &&
        rig.tel.health().liveChannels === 0 &&
        rig.drachtio.openDialogs() === rig.tel.spareEndpoints() &&
        rig.fs.spares().length === rig.tel.spareEndpoints() &&
        rig.tel.sipDialogs() === 0,
      'nothing left',
    );
  } catch {
    throw new Error(`leak: ${what()}`);
  }
}

/**
 * Two bridges on one pair of protocol doubles: adapter A, "killed" the way kill -9 leaves things
 * (sockets gone, nothing said to anyone, no timer of it runs again), and adapter B connecting to the
 * same drachtio-server and FreeSWITCH doubles afterwards.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { DrachtioServerDouble } from '../../../fixtures/doubles/drachtio-server-double.js';
import type { FreeswitchDouble } from '../../../fixtures/doubles/freeswitch-double.js';
import { DrachtioTelephony } from '../../../telephony/drachtio/drachtio-telephony.js';
import type { DrachtioTelephonyOptions } from '../../../telephony/drachtio/options.js';
import type { TelephonyEvent } from '../../../telephony/telephony-port.js';
import { ESL_PASSWORD, GATEWAY, SECRET, collectEvents, until } from './rig.js';

export interface Adapter {
  tel: DrachtioTelephony;
  events: TelephonyEvent[];
  logs: string[];
  event<T extends TelephonyEvent['type']>(type: T, pred?: (e: Extract<TelephonyEvent, { type: T }>) => boolean, ms?: number): Promise<Extract<TelephonyEvent, { type: T }>>;
}

/** An adapter connected to the doubles (started, both links up). */
export async function adapterOn(drachtio: DrachtioServerDouble, fs: FreeswitchDouble, fsPort: number, overrides: Partial<DrachtioTelephonyOptions> = {}): Promise<Adapter> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const tel = new DrachtioTelephony({
    drachtio: { host: '127.0.0.1', port: drachtio.port, secret: SECRET },
    freeswitch: { host: '127.0.0.1', port: fsPort, password: ESL_PASSWORD, listenAddress: '127.0.0.1' },
    trustedTrunks: [{ name: 'carrier-sbc', addresses: ['10.20.0.0/24'] }],
    recordingsDir: mkdtempSync(join(tmpdir(), 'takeover-rec-')),
    holdMusic: { zh: '/music/zh.wav', kk: '/music/kk.wav' },
    outboundGateway: `sip:{number}@${GATEWAY}`,
    reconnectMaxDelayMs: 200,
    commandTimeoutMs: 800,
    cancelSettleMs: 200,
    dialogProbeMs: 100,
    reconcileIntervalMs: 0,
    reconcileGraceMs: 0,
    logger: pino({ level: 'debug' }, sink),
    ...overrides,
  });
  const { events, event } = collectEvents(tel);
  const apps = drachtio.readyApps;
  await tel.start();
  await until(() => tel.health().ok && drachtio.readyApps > apps, 'adapter connected');
  void fs;
  return {
    tel,
    events,
    logs,
    event,
  };
}

interface AdapterInternals {
  events: { removeAllListeners(): void };
  probe: { stop(): void };
  reconciler: { stop(): void };
  srf: { disconnect(): void; removeAllListeners(): void; on(e: string, fn: () => void): void };
  media: { stop(): void };
  calls: { all(): Array<{ callerEp?: { _conn?: { socket?: { destroy(): void } } } ; seat?: { ep: { _conn?: { socket?: { destroy(): void } } } } }> };
  unregisterFaults?: () => void;
}

/**
 * What kill -9 leaves: every socket of the adapter closed without a word (no BYE, no hang-up, no ESL
 * command), and nothing of it runs again (probe, reconciler, listeners). The calls live on in the doubles.
 */
export function crash(tel: DrachtioTelephony): void {
  const a = tel as unknown as AdapterInternals;
  a.events.removeAllListeners();
  a.probe.stop();
  a.reconciler.stop();
  // Endpoints' outbound event sockets (FreeSWITCH → this process) die with the process.
  for (const s of a.calls.all()) {
    s.callerEp?._conn?.socket?.destroy();
    s.seat?.ep._conn?.socket?.destroy();
  }
  a.srf.removeAllListeners();
  a.srf.on('error', () => undefined);
  a.srf.disconnect();
  a.media.stop();
  a.unregisterFaults?.();
}

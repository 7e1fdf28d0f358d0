/**
 * The whole product on the real telephony adapter: `startBridge()` builds the drachtio adapter from a
 * config file (TELEPHONY_MODE=drachtio and the secrets from the environment, as a deployment would),
 * pointed at the drachtio-server and FreeSWITCH protocol doubles on 127.0.0.1. Desktops are socket.io
 * clients logged in through `POST /api/auth/login`; callers are emulated SIP phones on the double's
 * trusted trunk; seat phones are desk phones the test picks up (or that answer busy) on cue.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { io as connectClient, type Socket } from 'socket.io-client';
import { startBridge, type StartedBridge } from '../../../bridge/main.js';
import { hashPassword } from '../../../bridge/auth/password-hash.js';
import type { ClientToServerEvents, ServerToClientEvents, SnapshotPayload } from '../../../bridge/hub/events.js';
import { DrachtioServerDouble } from '../../../fixtures/doubles/drachtio-server-double.js';
import { FreeswitchDouble } from '../../../fixtures/doubles/freeswitch-double.js';
import { SeatPhone as DeskPhone } from '../../../fixtures/doubles/seat-phone.js';
import type { CallerOptions, EmulatedCaller } from '../../../fixtures/doubles/emulated-caller.js';

export const DRACHTIO_SECRET = 'e2e-drachtio-4b7d';
export const ESL_PASSWORD = 'e2e-esl-91ce';
export const AGENT_PASSWORD = 'desk-pass-2718';
/** Caller source address: inside the trusted trunk below. */
export const TRUNK_SOURCE = { address: '10.20.0.5', port: 5060 };
const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

export type Desktop = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Desk phones are the fixture's seat phones; here they ring until the test picks up. */
export { DeskPhone };

export interface SeatDef {
  id: string;
  name: string;
  languages: string[];
  desks: string[];
  /** `user@host` of the desk phone (office contact). */
  phone: string;
}

export const SEATS: SeatDef[] = [
  { id: 'D01', name: '叶尔兰', languages: ['zh', 'kk'], desks: ['general', 'social-security'], phone: '1001@10.1.0.11' },
  { id: 'D02', name: '古丽娜尔', languages: ['zh', 'kk'], desks: ['general', 'social-security'], phone: '1002@10.1.0.12' },
  { id: 'D03', name: '张敏', languages: ['zh'], desks: ['general'], phone: '1003@10.1.0.13' },
];

export interface Product {
  bridge: StartedBridge;
  drachtio: DrachtioServerDouble;
  fs: FreeswitchDouble;
  phones: Map<string, DeskPhone>;
  logs: string[];
  /** Logs `userId` in over REST and opens its desktop socket; resolves with the first snapshot. */
  desktop(userId: string): Promise<{ socket: Desktop; snapshot: SnapshotPayload }>;
  /** A citizen dials in through the trusted trunk. */
  call(opts?: CallerOptions): EmulatedCaller;
  close(): Promise<void>;
}

export interface CentreFiles {
  dir: string;
  configPath: string;
}

/** Writes a small, schema-valid centre (JSON is YAML) with hashed passwords into a fresh temp folder. */
export async function writeCentre(recordingsDir?: string): Promise<CentreFiles> {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-drachtio-'));
  const hash = await hashPassword(AGENT_PASSWORD, FAST_SCRYPT);
  const config = {
    centreName: '12345 端到端测试中心',
    telephony: {
      mode: 'lab', // TELEPHONY_MODE=drachtio in the environment selects the real adapter, as in production
      recordingsDir: recordingsDir ?? join(dir, 'recordings'),
      holdMusic: { zh: '/music/hold-zh.wav', kk: '/music/hold-kk.wav' },
      outboundGateway: 'sip:{number}@10.9.9.9:5060',
      freeswitch: { listenAddress: '127.0.0.1' },
    },
    store: { dataDir: join(dir, 'data'), seedContacts: 0 },
    languages: [
      { code: 'zh', name: '普通话', nativeName: '普通话' },
      { code: 'kk', name: '哈萨克语', nativeName: 'Қазақша' },
    ],
    desks: [
      { id: 'general', name: '综合坐席', ringTimeoutSeconds: 10, wrapUpSeconds: 60 },
      { id: 'social-security', name: '社保专席', ringTimeoutSeconds: 10, wrapUpSeconds: 60 },
    ],
    numberPlan: [
      { did: '12345', label: '12345 政务服务便民热线' },
      { did: '12333', label: '12333 人社服务热线', desk: 'social-security' },
    ],
    trustedTrunks: [{ name: 'carrier-sbc', addresses: ['10.20.0.0/24'] }],
    seats: SEATS.map((s) => ({ id: s.id, name: s.name, languages: s.languages, desks: s.desks, officeContact: `sip:${s.phone}`, passwordHash: hash })),
    users: [{ id: 'lead1', name: '王丽', role: 'lead', passwordHash: hash }],
  };
  const configPath = join(dir, 'centre.yaml');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { dir, configPath };
}

export async function startProduct(): Promise<Product> {
  const drachtio = new DrachtioServerDouble({ secret: DRACHTIO_SECRET });
  const d = await drachtio.start();
  const fs = new FreeswitchDouble({ password: ESL_PASSWORD, drachtio });
  const f = await fs.start();
  const phones = new Map(SEATS.map((s) => [s.id, new DeskPhone(drachtio, s.phone, { kind: 'manual' })]));
  const centre = await writeCentre();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  let bridge: StartedBridge;
  try {
    bridge = await startBridge({
      configPath: centre.configPath,
      env: {
        TELEPHONY_MODE: 'drachtio',
        DRACHTIO_HOST: d.host,
        DRACHTIO_PORT: String(d.port),
        DRACHTIO_SECRET,
        FREESWITCH_ESL_HOST: f.host,
        FREESWITCH_ESL_PORT: String(f.port),
        FREESWITCH_ESL_PASSWORD: ESL_PASSWORD,
      },
      port: 0,
      host: '127.0.0.1',
      dataDir: join(centre.dir, 'data'),
      logger: pino({ level: 'debug' }, sink),
    });
  } catch (err) {
    await fs.stop();
    await drachtio.stop();
    rmSync(centre.dir, { recursive: true, force: true });
    throw err;
  }
  await until('the adapter connected to drachtio and FreeSWITCH', () => bridge.telephony.health().ok && drachtio.readyApps > 0);
  const sockets: Desktop[] = [];

  return {
    bridge,
    drachtio,
    fs,
    phones,
    logs,
    async desktop(userId) {
      const res = await fetch(`${bridge.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId, password: AGENT_PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login of ${userId}: HTTP ${res.status} ${await res.text()}`);
      const { token } = (await res.json()) as { token: string };
      const socket: Desktop = connectClient(bridge.url, {
        auth: { token },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        // What a browser on the bridge's own page sends.
        extraHeaders: { origin: bridge.url },
      });
      sockets.push(socket);
      const snapshot = await new Promise<SnapshotPayload>((ok, fail) => {
        socket.once('snapshot', ok);
        socket.once('connect_error', fail);
      });
      return { socket, snapshot };
    },
    call: (opts) => drachtio.call({ source: TRUNK_SOURCE, ...opts }),
    async close() {
      for (const s of sockets) s.disconnect();
      await bridge.close();
      await fs.stop();
      await drachtio.stop();
      rmSync(centre.dir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` every 10 ms until it returns something truthy; fails naming `what` after `ms`. */
export async function until<T>(what: string, probe: () => T | undefined | null | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Like `until` for a probe that has to await (an HTTP request). */
export async function untilAsync<T>(what: string, probe: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Everything a desktop socket received, in order, so a test can ask "has it seen X yet?". */
export class Inbox {
  readonly seen: { event: string; payload: unknown }[] = [];
  constructor(socket: Desktop) {
    socket.onAny((event: string, payload: unknown) => this.seen.push({ event, payload }));
  }
  all<E extends keyof ServerToClientEvents>(event: E): Parameters<ServerToClientEvents[E]>[0][] {
    return this.seen.filter((s) => s.event === event).map((s) => s.payload as Parameters<ServerToClientEvents[E]>[0]);
  }
  find<E extends keyof ServerToClientEvents>(event: E, pred: (p: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true) {
    return this.all(event).find(pred);
  }
  wait<E extends keyof ServerToClientEvents>(event: E, pred: (p: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true, ms = 5000) {
    return until(`${String(event)} on the desktop`, () => this.find(event, pred), ms);
  }
  /**
   * The pop of a call, as the agent gets it: with the offer, or (a phone that answers at once can beat
   * the pop) as the call's pop right after the answer.
   */
  popFor(callId: string, ms = 5000) {
    return until(`the pop of ${callId} on the desktop`, () => this.find('offer', (o) => o.callId === callId)?.pop ?? this.find('call-pop', (p) => p.callId === callId)?.pop, ms);
  }
}

/** Sends a desktop command and resolves with its acknowledgement. */
export function ask(socket: Desktop, event: string, payload: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }> }).emitWithAck(event, payload);
}

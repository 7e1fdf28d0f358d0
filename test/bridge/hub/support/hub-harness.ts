/**
 * A real hub on a real HTTP server (127.0.0.1, port 0) in front of the real CallCenterService and the lab
 * switch, with real auth. Only the screen-pop comes from a small recording assembler (the store-backed
 * one has its own tests). Desktops are socket.io-client sockets.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { io as connectClient, type Socket } from 'socket.io-client';
import { createAuth, type Auth } from '../../../../bridge/auth/index.js';
import { CallCenterService } from '../../../../bridge/calls/call-center.js';
import type { HotlineConfig } from '../../../../bridge/config/schema.js';
import type { ScreenPop, ScreenPopAssembler } from '../../../../bridge/history/history-ports.js';
import { createHub, type Hub, type HubOptions } from '../../../../bridge/hub/index.js';
import type { ClientToServerEvents, ServerToClientEvents, SnapshotPayload } from '../../../../bridge/hub/events.js';
import { systemClock } from '../../../../bridge/domain/clock.js';
import { LabSwitch } from '../../../../telephony/lab/lab-switch.js';
import { hubConfig } from './hub-config.js';
import { memoryAuditLog } from '../../../support/memory-audit-log.js';

export type Desktop = Socket<ServerToClientEvents, ClientToServerEvents>;

export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

/** Builds pops from the call facts and remembers who asked (to check viewer and role). */
export class RecordingPop implements ScreenPopAssembler {
  readonly asked: { viewer: string; viewerRole?: string; callId: string }[] = [];
  fail = false;
  async assemble(input: Parameters<ScreenPopAssembler['assemble']>[0]): Promise<ScreenPop> {
    this.asked.push({ viewer: input.viewer, viewerRole: input.viewerRole, callId: input.call.id });
    if (this.fail) throw new Error('history store unreachable');
    const c = input.call;
    return {
      callId: c.id,
      offerId: input.offerId,
      seatId: input.seatId,
      call: {
        dialledNumber: c.dialledNumber, didLabel: c.didLabel, callerNumber: c.callerNumber, callerDisplayName: c.callerDisplayName,
        callerVerified: c.callerVerified, language: c.target.language, languageStrength: c.target.languageStrength, desk: c.target.desk,
        deskName: c.target.desk, priority: c.target.priority, waitSeconds: 0, reasons: c.target.reasons, contactMode: input.contactMode,
      },
      caller: { preferredLanguage: null, tags: ['repeat-complainant'], firstContact: false },
      firstContact: false,
      contacts: [{ at: 1, dialledNumber: '12345', language: 'zh', desk: 'general', seatId: 'A02', outcome: 'answered', category: '供水', contactMode: 'office' }],
      tickets: [],
      flags: [],
      workOrderHistoryUnavailable: false,
      missing: [],
    };
  }
}

export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

export interface Harness {
  config: HotlineConfig;
  lab: LabSwitch;
  callCenter: CallCenterService;
  auth: Auth;
  hub: Hub;
  pop: RecordingPop;
  url: string;
  logs: Record<string, unknown>[];
  token(userId: string): Promise<string>;
  connect(userId: string, opts?: { token?: string; origin?: string; reconnection?: boolean }): Promise<{ socket: Desktop; snapshot: SnapshotPayload }>;
  placeCall(callerNumber?: string): string;
  close(): Promise<void>;
}

export async function startHarness(
  opts: { hub?: Partial<Omit<HubOptions, 'httpServer' | 'callCenter' | 'pop' | 'auth' | 'config' | 'logger'>>; auth?: Auth; config?: HotlineConfig } = {},
): Promise<Harness> {
  const config = opts.config ?? hubConfig();
  const { logger, lines } = captureLogger();
  const lab = new LabSwitch({
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    seatAnswerDelayMs: { min: 600_000, max: 600_000 },
    noAnswerProbability: 0,
    talkSeconds: { min: 600, max: 600 },
  });
  await lab.start();
  const callCenter = new CallCenterService({
    config,
    telephony: lab,
    clock: systemClock,
    logger: pino({ level: 'silent' }),
    route: async () => ({
      target: { language: 'zh', languageStrength: 'preferred', desk: 'general', priority: 0, reasons: [{ source: 'number-plan', text: 'DID 12345 → 综合' }] },
      didLabel: '12345 政务服务便民热线',
    }),
  });
  const auth = opts.auth ?? createAuth(config, { labMode: true, seedHashParams: FAST_SCRYPT });
  const pop = new RecordingPop();
  const server: Server = createServer();
  const hub = await createHub({ httpServer: server, callCenter, pop, auth, config, logger, audit: memoryAuditLog(callCenter), ...opts.hub });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sockets: Desktop[] = [];
  let seq = 0;

  const token = async (userId: string) => {
    const out = await auth.login({ userId, password: 'hotline-lab', ip: '127.0.0.1' });
    if (!out.ok) throw new Error(`login of ${userId} failed: ${out.reason}`);
    return out.token;
  };

  return {
    config, lab, callCenter, auth, hub, pop, url, logs: lines, token,
    async connect(userId, o = {}) {
      const t = o.token ?? (await token(userId));
      const socket: Desktop = connectClient(url, {
        auth: { token: t },
        transports: ['websocket'],
        forceNew: true,
        reconnection: o.reconnection ?? true,
        reconnectionDelay: 50,
        reconnectionDelayMax: 200,
        ...(o.origin ? { extraHeaders: { origin: o.origin } } : {}),
      });
      sockets.push(socket);
      const snapshot = await new Promise<SnapshotPayload>((ok, fail) => {
        socket.once('snapshot', ok);
        socket.once('connect_error', fail);
      });
      return { socket, snapshot };
    },
    placeCall(callerNumber = `1390000${String(++seq).padStart(4, '0')}`) {
      return lab.placeCall({ callerNumber, dialledNumber: '12345', patienceSeconds: 600 });
    },
    async close() {
      for (const s of sockets) s.disconnect();
      await hub.close();
      callCenter.close();
      await lab.stop();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

/** Resolves with the next `event` payload matching `pred`, or rejects after `ms`. */
export function next<E extends keyof ServerToClientEvents>(
  socket: Desktop,
  event: E,
  pred: (p: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  ms = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      (socket.off as (e: string, f: unknown) => void)(event, on);
      fail(new Error(`no ${String(event)} within ${ms} ms`));
    }, ms);
    const on = (p: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!pred(p)) return;
      clearTimeout(timer);
      (socket.off as (e: string, f: unknown) => void)(event, on);
      ok(p);
    };
    (socket.on as (e: string, f: unknown) => void)(event, on);
  });
}

/** Sends a command and resolves with its acknowledgement. */
export function ask(socket: Desktop, event: string, payload: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
  return (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }> }).emitWithAck(event, payload);
}

export async function until<T>(what: string, probe: () => T | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

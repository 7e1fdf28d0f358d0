/**
 * Options of the real adapter, validated at the boundary (they come from the bridge's config file).
 * The adapter does not import the bridge's config schema: it states what it needs here.
 */
import { z } from 'zod';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';

const hostPort = { host: z.string().min(1), port: z.number().int().min(1).max(65535) };

export const drachtioOptionsSchema = z.object({
  drachtio: z.object({ ...hostPort, secret: z.string().min(1) }),
  freeswitch: z.object({
    ...hostPort,
    password: z.string().min(1),
    /** Address the app listens on for FreeSWITCH's outbound `socket` connections (reachable from FS). */
    listenAddress: z.string().default('127.0.0.1'),
    listenPort: z.number().int().min(0).max(65535).default(0),
    /** Address FreeSWITCH should dial back, when it differs from listenAddress (NAT, containers). */
    advertisedAddress: z.string().optional(),
    profile: z.string().regex(/^[A-Za-z0-9_-]+$/).default('drachtio_mrf'),
  }),
  trustedTrunks: z.array(z.object({ name: z.string().min(1), addresses: z.array(z.string().min(2)).min(1) })).default([]),
  recordingsDir: z.string().min(1).refine((p) => !/[\r\n\s]/.test(p), 'recordingsDir must not contain whitespace'),
  /** Hold-music file (or FreeSWITCH stream) per language, on the media server. */
  holdMusic: z.record(z.string(), z.string().min(1)).default({}),
  /** SIP URI template for external numbers (110/119/120, mobiles): `sip:{number}@gateway:5060`. */
  outboundGateway: z.string().regex(/^sips?:[^\s]*\{number\}[^\s]*$/, 'outboundGateway must be a sip: URI containing {number}'),
  displayNameMax: z.number().int().min(8).max(256).default(64),
  /** `arrival`: answer the caller at once (music in queue); `seat-answer`: early media until a seat answers. */
  answerCaller: z.enum(['arrival', 'seat-answer']).default('arrival'),
  /** Cap of the reconnect backoff towards drachtio-server and FreeSWITCH. */
  reconnectMaxDelayMs: z.number().int().min(50).max(60_000).default(5_000),
  /** How long start() waits for both connections before resolving (it keeps retrying after). */
  startTimeoutMs: z.number().int().min(0).max(120_000).default(5_000),
  /** Ring timeout for transfer-out and conference legs. */
  thirdPartyRingMs: z.number().int().min(1_000).max(300_000).default(45_000),
  /** Tone the caller hears while a seat rings (China ringback: 450 Hz, 1 s on, 4 s off). */
  ringbackTone: z.string().default('tone_stream://%(1000,4000,450);loops=-1'),
});

export type DrachtioTelephonyConfig = z.input<typeof drachtioOptionsSchema>;
export type ResolvedDrachtioConfig = z.output<typeof drachtioOptionsSchema>;

export interface DrachtioTelephonyOptions extends DrachtioTelephonyConfig {
  logger: Logger;
  clock?: Clock;
}

/** The well-known defaults of drachtio-server and FreeSWITCH: never acceptable on a real hotline. */
export const DEFAULT_DRACHTIO_SECRET = 'cymru';
export const DEFAULT_ESL_PASSWORD = 'ClueCon';

/** Throws when the options still carry a default secret; main calls this before starting the adapter. */
export function checkSecrets(opts: { drachtio: { secret: string }; freeswitch: { password: string } }): void {
  const problems: string[] = [];
  if (opts.drachtio.secret === DEFAULT_DRACHTIO_SECRET) problems.push(`drachtio secret is the default '${DEFAULT_DRACHTIO_SECRET}'`);
  if (opts.freeswitch.password === DEFAULT_ESL_PASSWORD) problems.push(`FreeSWITCH event-socket password is the default '${DEFAULT_ESL_PASSWORD}'`);
  if (problems.length) {
    throw new Error(`refusing to start the real telephony adapter: ${problems.join('; ')}. Set telephony.drachtio.secret and telephony.freeswitch.password.`);
  }
}

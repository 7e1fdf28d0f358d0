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
    /**
     * Address of drachtio-fsmrf's listener for outbound `socket` connections. The bridge's channels use
     * none (they are driven over the control connection), but fsmrf's MediaServer opens it.
     */
    listenAddress: z.string().default('127.0.0.1'),
    listenPort: z.number().int().min(0).max(65535).default(0),
    /** Address FreeSWITCH should dial back, when it differs from listenAddress (NAT, containers). */
    advertisedAddress: z.string().optional(),
    profile: z.string().regex(/^[A-Za-z0-9_-]+$/).default('drachtio_mrf'),
    /**
     * Event-socket connections, besides the control connection, that carry the channels' commands
     * (command-lanes.ts): FreeSWITCH reads each connection's commands on one thread. 0: all on the
     * control connection.
     */
    commandLanes: z.number().int().min(0).max(16).default(2),
  }),
  trustedTrunks: z.array(z.object({ name: z.string().min(1), addresses: z.array(z.string().min(2)).min(1) })).default([]),
  recordingsDir: z.string().min(1).refine((p) => !/[\r\n\s]/.test(p), 'recordingsDir must not contain whitespace'),
  /**
   * Folder of the announcement prompt sets on the media server: `<promptsDir>/<language>/<file>.wav`
   * (the layout of `freeswitch.conf.d/prompts/`, see its README). `!` separates files in FreeSWITCH's
   * file_string, so it may not occur in the path.
   */
  promptsDir: z
    .string()
    .min(1)
    .refine((p) => !/[\r\n\s!]/.test(p), 'promptsDir must not contain whitespace or "!"')
    .default('/usr/share/freeswitch/sounds/hotline'),
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
  /**
   * Deadline of every command's FreeSWITCH / SIP steps. A command that does not finish in time fails
   * with `timeout` and the call is ended (its media state is unknown).
   */
  commandTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  /**
   * Every channel is driven over FreeSWITCH's control connection. When it drops, the calls go on on the
   * switch but cannot be steered; if it is not back within this time (FreeSWITCH died or is cut off),
   * their media is taken for lost and the calls are ended (media-failure, BYE to the phones). When it
   * comes back in time, the channels that ended meanwhile are found and their calls ended.
   */
  controlLossGraceMs: z.number().int().min(0).max(60_000).default(3_000),
  /**
   * After an offer's CANCEL, how long to wait for the phone's final answer (487) before giving the
   * offer up anyway (a phone that answers CANCEL with 200 and never sends 487, or went silent).
   */
  cancelSettleMs: z.number().int().min(50).max(60_000).default(4_000),
  /** Retry-After (seconds) on the 503 that refuses new calls while draining. */
  drainRetryAfterSec: z.number().int().min(1).max(3_600).default(30),
  /**
   * Period of the check for FreeSWITCH channels tagged with a call id that no live call accounts for
   * (they are hung up and counted); 0 turns it off.
   */
  reconcileIntervalMs: z.number().int().min(0).max(3_600_000).default(60_000),
  /** A channel younger than this is never reconciled (it may be an endpoint being created right now). */
  reconcileGraceMs: z.number().int().min(0).max(600_000).default(30_000),
  /**
   * After a reconnect to drachtio-server, in-dialog requests for the calls made before it (a BYE)
   * are refused with 481 by the server and never reach the adapter: those calls' dialogs are probed
   * with in-dialog OPTIONS at this period, and a dialog found gone ends its call.
   */
  dialogProbeMs: z.number().int().min(50).max(600_000).default(5_000),
  /**
   * Audio codecs offered to seat phones and gateways and preferred on the caller's leg, by rtpmap
   * name, in order (G.711 first: what desk phones and gateways expect). The seat's INVITE carries
   * these and telephone-event only: no video or text stream, no SRTP unless the contact is `sips:`.
   */
  codecs: z.array(z.string().regex(/^[A-Za-z0-9.-]{2,32}$/)).min(1).default(['PCMA', 'PCMU']),
  /**
   * Seat-leg endpoints kept ready on FreeSWITCH, so a seat's INVITE never waits for one to be made
   * (endpoint-pool.ts); `size` 0 turns the pool off. A spare older than `maxIdleMs` is replaced
   * (keep it well under FreeSWITCH's media timeout).
   */
  endpointPool: z
    .object({
      size: z.number().int().min(0).max(500).default(8),
      maxIdleMs: z.number().int().min(5_000).max(3_600_000).default(60_000),
    })
    .default({}),
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

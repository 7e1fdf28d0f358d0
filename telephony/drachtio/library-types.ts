/**
 * The slices of drachtio-srf 5 and drachtio-fsmrf 4.1 the adapter uses, typed from the libraries'
 * sources (srf's bundled typings are partial and fsmrf has none). Kept narrow on purpose: the adapter
 * depends on nothing else, and the doubles in fixtures/ exercise exactly this surface.
 */
import type { EventEmitter } from 'node:events';

export interface SipMsgLike {
  method: string;
  uri: string;
  body: string;
  source_address: string;
  source_port: number;
  get(name: string): string | undefined;
  has(name: string): boolean;
}

export interface SrfRequest extends SipMsgLike, EventEmitter {
  /** Only for requests the app sent (from createUAC's cbRequest): sends CANCEL. */
  cancel(cb?: (err: unknown) => void): void;
}

export interface SrfResponse {
  finalResponseSent: boolean;
  send(status: number, opts?: { headers?: Record<string, string>; body?: string }): void;
  send(status: number, reason: string, opts?: { headers?: Record<string, string>; body?: string }): void;
}

export interface SrfProvisional {
  status: number;
  body?: string;
}

export interface SrfDialog extends EventEmitter {
  id: string;
  local: { sdp: string; uri: string };
  remote: { sdp: string; uri: string };
  connected: boolean;
  /** The final response that made the dialog (a UAC's 200 OK): its headers. */
  res?: { get(name: string): string | undefined };
  destroy(opts?: { headers?: Record<string, string> }): Promise<unknown>;
  modify(sdp: string): Promise<unknown>;
  /** A request inside the dialog (OPTIONS probe); resolves with the final response. */
  request(opts: { method: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number }>;
}

export interface SrfLike extends EventEmitter {
  connect(opts: Record<string, unknown>): unknown;
  disconnect(): void;
  use(method: string, handler: (req: SrfRequest, res: SrfResponse, next: () => void) => void): void;
  invite(handler: (req: SrfRequest, res: SrfResponse) => void): void;
  createUAS(req: SrfRequest, res: SrfResponse, opts: { localSdp: string; headers?: Record<string, string> }): Promise<SrfDialog>;
  createUAC(
    uri: string,
    opts: { localSdp: string; headers?: Record<string, string>; callingNumber?: string; callingName?: string },
    progress?: { cbRequest?: (err: unknown, req: SrfRequest) => void; cbProvisional?: (res: SrfProvisional) => void },
  ): Promise<SrfDialog>;
}

/** What modesl hands a bgapi / api callback. */
export interface EslEventLike {
  getHeader(name: string): string | undefined;
  getBody(): string;
}

/** The text of an api reply: modesl's event on a channel's socket, a plain string from an adopted channel. */
export function apiReplyBody(reply: unknown): string {
  return typeof reply === 'string' ? reply : ((reply as Partial<EslEventLike> | undefined)?.getBody?.() ?? '');
}

export interface EslConnectionLike extends EventEmitter {
  subscribe(events: string[] | string, cb?: () => void): void;
  /** `filter <header> <value>`: once any filter is set, FreeSWITCH sends only events one of them admits. */
  filter(header: string, value: string, cb?: () => void): void;
  /** A command whose reply (command/reply) comes in order on this connection, e.g. `sendmsg <uuid>`. */
  sendRecv(command: string, args: Record<string, string>, cb: (evt: EslEventLike | undefined) => void): void;
  /** Runs `command args` on the connection's own FreeSWITCH thread; the answers come in order. */
  api(command: string, args: string, cb: (evt: EslEventLike | undefined) => void): void;
  /** Runs `command args` in its own FreeSWITCH thread; the reply is matched by Job-UUID, never by order. */
  bgapi(command: string, args: string | string[], cb: (evt: EslEventLike) => void): void;
  connected(): boolean;
  reconnectOpts: { retryMaxDelay?: number };
  cmdCallbackQueue: unknown[];
  apiCallbackQueue: unknown[];
}

export interface EndpointLike extends EventEmitter {
  uuid: string;
  local: { sdp: string };
  dialog: SrfDialog | null;
  /**
   * fsmrf 4.1 declares both a getter (state is CONNECTED) and a method delegated to the event socket
   * under this name; the getter wins, so it is a boolean there. Read it through endpointAlive.
   */
  readonly connected: boolean | (() => boolean);
  set(name: string, value: string): Promise<unknown>;
  /** Several variables in one `multiset` command (one ESL round trip). */
  set(vars: Record<string, string>): Promise<unknown>;
  recordSession(file: string): Promise<unknown>;
  execute(app: string, arg?: string): Promise<unknown>;
  api(command: string, args?: string | string[]): Promise<unknown>;
  modify(sdp: string): Promise<unknown>;
  bridge(other: EndpointLike): Promise<void>;
  /** The bridge hung the channel up or let it go: stop watching it (no `destroy` follows). */
  released?(): void;
  unbridge(): Promise<void>;
  join(conference: string, opts?: Record<string, unknown>): Promise<{ memberId: number; confUuid: string }>;
}

export interface MediaServerLike extends EventEmitter {
  conn: EslConnectionLike;
  /** Where the media server's SIP profile listens (fsmrf reads it with `sofia status` when it connects). */
  sip: { ipv4: { udp: { address?: string } } };
  connected(): boolean;
  disconnect(): void;
}

export interface MrfLike {
  connect(opts: {
    address: string;
    port: number;
    secret: string;
    listenAddress?: string;
    listenPort?: number;
    advertisedAddress?: string;
    profile?: string;
  }): Promise<MediaServerLike>;
}

/** srf's SipError (non-2xx final response) or the bare strings/Errors the libraries reject with. */
export function sipStatusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Is the endpoint still up on FreeSWITCH? (fsmrf's `connected` is a getter or a method; the method throws once the socket is gone.) */
export function endpointAlive(ep: EndpointLike | undefined): boolean {
  if (!ep) return false;
  try {
    const c = ep.connected;
    return typeof c === 'function' ? c.call(ep) : c;
  } catch {
    return false;
  }
}

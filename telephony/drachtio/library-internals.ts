/**
 * The places where the adapter reaches past drachtio-srf's public API, kept in one file. All are
 * pinned to the exact library versions in package.json, and test/telephony/drachtio/library-internals
 * .test.ts fails loudly when an upgrade changes what they rely on.
 *
 * 1. Guarded dialogs. drachtio-fsmrf 4.1.2 calls `dialog.destroy()` without handling its promise
 *    (MediaServer#createEndpoint, on its 4 s "Connection timeout"). When drachtio-server no longer
 *    knows the dialog, that promise rejects with ENODIALOG ("unable to find dialog for dialog id
 *    provided") and, unhandled, ends the whole process. Every dialog made through this Srf instance
 *    (fsmrf uses the adapter's instance for its own INVITEs) gets its in-dialog requests' promises
 *    observed, so a request on a dialog that is gone is logged, never fatal. Callers that await the
 *    promise still see the rejection.
 *
 * 2. Dialogs moved to a new connection. drachtio-server keeps its dialogs when the application's TCP
 *    connection drops, but each srf Dialog keeps the socket it was made on (`dialog.req.socket`) and
 *    could never send BYE again. No public API moves it, so after a reconnect the sockets are
 *    rewritten (Srf#_dialogs, the agent's default socket).
 *
 * 3. (sendEslCommandsWhole) drachtio-modesl 1.3.1 writes every event-socket command as two or more
 *    small writes (the command line, each header, the blank line) on a socket with Nagle's algorithm
 *    on. Linux then holds the rest of a command until FreeSWITCH acknowledges its first line, and
 *    FreeSWITCH, which has nothing to say before the blank line, delays that acknowledgement (up to
 *    40 ms): every command round trip (an endpoint's socket set-up, answer, record, bridge) waited on
 *    it. Each command now leaves in one write with Nagle off.
 *    FreeSWITCH reads a command's line and headers one byte per system call, yielding its thread
 *    after each (`read_packet` in mod_event_socket.c), its body in one read. So an app's argument
 *    longer than the two headers a body needs is sent as the body (`content-type: text/plain`, which
 *    switch_ivr_parse_event takes as the argument).
 *
 * 4. (indexEslEventHeaders) drachtio-modesl 1.3.1 keeps an event's headers in an array and finds one by
 *    scanning it, also when it adds one (to replace a header of the same name). Building an event from
 *    FreeSWITCH's JSON is therefore quadratic: a channel's event carries 150 to 300 headers (every
 *    channel variable), and each call brings several such events (app results, call states). The
 *    headers get a name index kept beside the array; the array, its order and every method's result
 *    stay as they were.
 *
 * 5. (abandon) drachtio-modesl has no call that closes a connection for good: it keeps a retry timer
 *    and reconnects after any close. Closing one (a failed attempt, a command lane at shutdown) sets
 *    its `closing` flag and clears `reconnectVars.retryTimer` before destroying the socket.
 */
import type { EslConnectionLike, SrfDialog, SrfLike } from './library-types.js';

/** drachtio-srf's code for "the server has no such dialog". */
export const ENODIALOG = 'ENODIALOG';

export type RefusedRequest = (err: unknown, method: string, dialog: SrfDialog) => void;

const guarded = new WeakSet<object>();

/** Observe the promises of a dialog's in-dialog requests (see 1 above). */
export function guardDialog<D extends SrfDialog>(dialog: D, onRefused: RefusedRequest): D {
  if (guarded.has(dialog)) return dialog;
  guarded.add(dialog);
  const d = dialog as unknown as Record<string, unknown>;
  for (const method of ['destroy', 'modify', 'request'] as const) {
    const original = d[method];
    if (typeof original !== 'function') continue;
    d[method] = function (this: unknown, ...args: unknown[]) {
      const result = (original as (...a: unknown[]) => unknown).apply(dialog, args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(undefined, (err: unknown) => onRefused(err, method, dialog));
      }
      return result;
    };
  }
  return dialog;
}

/** Every dialog createUAC / createUAS produce on this Srf instance is guarded (see 1 above). */
export function guardDialogsOf(srf: SrfLike, onRefused: RefusedRequest): void {
  const s = srf as unknown as Record<string, unknown>;
  for (const factory of ['createUAC', 'createUAS'] as const) {
    const original = s[factory] as ((...a: unknown[]) => unknown) | undefined;
    if (typeof original !== 'function') throw new Error(`drachtio-srf has no ${factory}: the pinned version changed`);
    s[factory] = function (...args: unknown[]) {
      const result = original.apply(srf, args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        return (result as Promise<SrfDialog>).then((dialog) => guardDialog(dialog, onRefused));
      }
      return result;
    };
  }
}

interface SrfPrivate {
  _dialogs?: Map<string, { req?: { socket?: { destroyed?: boolean } } }>;
  _app?: { client?: { _getDefaultSocket?: () => unknown } };
}

/** The agent's socket of the current connection, or undefined while disconnected. */
export function currentSocket(srf: SrfLike): unknown {
  try {
    return (srf as unknown as SrfPrivate)._app?.client?._getDefaultSocket?.();
  } catch {
    return undefined;
  }
}

/** SIP dialogs the Srf instance holds (callers, seats, third parties, FreeSWITCH legs): a leak detector. */
export function dialogCount(srf: SrfLike): number {
  return (srf as unknown as SrfPrivate)._dialogs?.size ?? 0;
}

/** Moves every dialog still on a dead socket to the current connection (see 2 above); returns how many. */
export function rebindDialogs(srf: SrfLike): number {
  const dialogs = (srf as unknown as SrfPrivate)._dialogs;
  const socket = currentSocket(srf);
  if (!socket || !dialogs) return 0;
  let moved = 0;
  for (const d of dialogs.values()) {
    if (d.req?.socket?.destroyed) {
      (d.req as { socket: unknown }).socket = socket;
      moved++;
    }
  }
  return moved;
}

interface EslConnectionProto {
  send(command: string, args?: Record<string, unknown>): void;
  emit(event: string, ...args: unknown[]): boolean;
  socket?: { write(data: string): boolean; setNoDelay?(noDelay?: boolean): unknown } | null;
}

/** An argument at least this long goes as a body: `content-type: text/plain` + `content-length: N` cost ~45 bytes. */
const BODY_FROM = 48;

/** The command text as FreeSWITCH reads it cheapest (see 3 above): same meaning, fewer header bytes. */
export function eslCommandText(command: string, args: Record<string, unknown> | undefined): string {
  const line = command;
  let body: string | undefined;
  let headers = args;
  if (command.startsWith('sendmsg') && args) {
    const arg = args['execute-app-arg'];
    if (arg !== undefined && String(arg).length >= BODY_FROM) {
      body = String(arg);
      headers = { ...args };
      delete headers['execute-app-arg'];
    }
  }
  let text = `${line}\n`;
  if (headers) for (const key of Object.keys(headers)) text += `${key}: ${String(headers[key])}\n`;
  if (body === undefined) return `${text}\n`;
  return `${text}content-type: text/plain\ncontent-length: ${Buffer.byteLength(body)}\n\n${body}`;
}

const WHOLE = Symbol.for('hotline.esl-send-whole');

/**
 * Makes drachtio-modesl send each command in one write with Nagle off (see 3 above). Idempotent; the
 * replacement keeps the original's contract (no reply awaited, a write error becomes an 'error' event).
 */
export function sendEslCommandsWhole(connectionClass: { prototype: unknown }): void {
  const proto = connectionClass.prototype as EslConnectionProto & { [WHOLE]?: true };
  if (typeof proto.send !== 'function') throw new Error('drachtio-modesl Connection has no send: the pinned version changed');
  if (proto[WHOLE]) return;
  proto[WHOLE] = true;
  const tuned = new WeakSet<object>();
  proto.send = function (this: EslConnectionProto, command: string, args?: Record<string, unknown>): void {
    try {
      const socket = this.socket;
      if (!socket) throw new Error('event socket is closed');
      if (!tuned.has(socket)) {
        tuned.add(socket);
        socket.setNoDelay?.(true);
      }
      socket.write(eslCommandText(command, args));
    } catch (err) {
      this.emit('error', err);
    }
  };
}

interface EslHeader {
  name: string;
  value: unknown;
}

interface EslEventProto {
  headers: EslHeader[];
  addHeader(name: string, value: unknown): unknown;
  delHeader(name: string): unknown;
  _findHeader(name: string): EslHeader | null;
  _findHeaderIndex(name: string): number | null;
}

const INDEXED = Symbol.for('hotline.esl-event-header-index');
const HEADER_INDEX = Symbol('header index');

type IndexedEvent = EslEventProto & { [HEADER_INDEX]?: { of: EslHeader[]; byName: Map<string, EslHeader> } };

/** The event's name → header map, made again if the array was replaced (or never indexed). */
function headerIndex(ev: IndexedEvent): Map<string, EslHeader> {
  const known = ev[HEADER_INDEX];
  if (known && known.of === ev.headers && known.byName.size === ev.headers.length) return known.byName;
  const byName = new Map<string, EslHeader>();
  // The first of equal names wins, as the original scan finds it.
  for (const h of ev.headers) if (!byName.has(h.name)) byName.set(h.name, h);
  ev[HEADER_INDEX] = { of: ev.headers, byName };
  return byName;
}

/** Gives drachtio-modesl's events a header index (see 4 above). Idempotent. */
export function indexEslEventHeaders(eventClass: { prototype: unknown }): void {
  const proto = eventClass.prototype as EslEventProto & { [INDEXED]?: true };
  for (const m of ['addHeader', 'delHeader', '_findHeader', '_findHeaderIndex'] as const) {
    if (typeof proto[m] !== 'function') throw new Error(`drachtio-modesl Event has no ${m}: the pinned version changed`);
  }
  if (proto[INDEXED]) return;
  proto[INDEXED] = true;
  proto._findHeader = function (this: IndexedEvent, name: string): EslHeader | null {
    return headerIndex(this).get(name) ?? null;
  };
  proto.addHeader = function (this: IndexedEvent, name: string, value: unknown): unknown {
    const index = headerIndex(this);
    const known = index.get(name);
    if (known) known.value = value;
    else {
      const h = { name, value };
      this.headers.push(h);
      index.set(name, h);
    }
    return value;
  };
  proto.delHeader = function (this: IndexedEvent, name: string): unknown {
    const i = this._findHeaderIndex(name);
    if (i === null) return null;
    const removed = this.headers.splice(i, 1);
    this[HEADER_INDEX] = undefined; // rebuilt on next use: a later header of the same name may now be first
    return removed;
  };
}

/** What `abandon` needs of a drachtio-modesl connection (its reconnect state is internal). */
export interface AbandonableConnection extends EslConnectionLike {
  closing?: boolean;
  socket: { destroy(): void } | null;
  reconnectVars?: { retryTimer?: NodeJS.Timeout | null };
}

/** Closes a drachtio-modesl connection for good: no further reconnects (see 5 above). */
export function abandon(conn: AbandonableConnection): void {
  conn.closing = true;
  const t = conn.reconnectVars?.retryTimer;
  if (t) clearTimeout(t);
  conn.removeAllListeners();
  conn.on('error', () => undefined);
  try {
    conn.socket?.destroy();
  } catch {
    // nothing left to close
  }
}

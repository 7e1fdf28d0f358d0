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
 * 3. (dropEndpointSocket) A bridge letting go of its calls for another one closes each endpoint's
 *    outbound event socket without a command on it: fsmrf has no public call that does not hang up.
 *
 * 4. (sendEslCommandsWhole) drachtio-modesl 1.3.1 writes every event-socket command as two or more
 *    small writes (the command line, each header, the blank line) on a socket with Nagle's algorithm
 *    on. Linux then holds the rest of a command until FreeSWITCH acknowledges its first line, and
 *    FreeSWITCH, which has nothing to say before the blank line, delays that acknowledgement (up to
 *    40 ms): every command round trip (an endpoint's socket set-up, answer, record, bridge) waited on
 *    it. Each command now leaves in one write with Nagle off, on the control connection and on every
 *    channel's outbound socket alike (they share Connection.prototype).
 *    FreeSWITCH reads a command's line and headers one byte per system call, its body in one read
 *    (`read_packet` in mod_event_socket.c). So an app's argument longer than the two headers a body
 *    needs is sent as the body (`content-type: text/plain`, which switch_ivr_parse_event takes as the
 *    argument), and on a channel's own outbound socket `sendmsg` names no uuid (FreeSWITCH takes the
 *    socket's channel).
 *
 * 5. (sendEslCommandsWhole, the same replacement) fsmrf 4.1.2 subscribes every channel's socket to
 *    events the adapter never reads: CHANNEL_EXECUTE, CHANNEL_ANSWER, CHANNEL_PROGRESS_MEDIA,
 *    PLAYBACK_START/STOP, DTMF, DETECTED_TONE. Most carry every channel variable, and FreeSWITCH copies,
 *    serialises and sends each to the socket, where it is parsed again: several per app on every
 *    call. A channel's socket is subscribed only to what the adapter and fsmrf's own bookkeeping use:
 *    CHANNEL_EXECUTE_COMPLETE (an app's result), CHANNEL_CALLSTATE (fsmrf's hang-up detection) and the
 *    CUSTOM conference events.
 *
 * 6. (indexEslEventHeaders) drachtio-modesl 1.3.1 keeps an event's headers in an array and finds one by
 *    scanning it, also when it adds one (to replace a header of the same name). Building an event from
 *    FreeSWITCH's JSON is therefore quadratic: a channel's event carries 150 to 300 headers (every
 *    channel variable), and each call brings a dozen such events (the outbound socket's `connect` reply,
 *    app results, call states). The headers get a name index kept beside the array; the array, its
 *    order and every method's result stay as they were.
 */
import type { SrfDialog, SrfLike } from './library-types.js';

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

/** Closes an fsmrf endpoint's outbound event socket without sending anything (see 3 above). */
export function dropEndpointSocket(ep: object): void {
  const conn = (ep as { _conn?: { socket?: { destroy(): void } | null } | null })._conn;
  try {
    conn?.socket?.destroy();
  } catch {
    // already closed
  }
}

interface EslConnectionProto {
  send(command: string, args?: Record<string, unknown>): void;
  emit(event: string, ...args: unknown[]): boolean;
  socket?: { write(data: string): boolean; setNoDelay?(noDelay?: boolean): unknown } | null;
  /** modesl: false on a channel's outbound socket. */
  _inbound?: boolean;
  /** modesl, outbound socket: the channel's data (its Unique-ID). */
  getInfo?(): { getHeader(name: string): string | null | undefined } | null | undefined;
}

/** An argument at least this long goes as a body: `content-type: text/plain` + `content-length: N` cost ~45 bytes. */
const BODY_FROM = 48;

/** Events fsmrf subscribes a channel's socket to that nothing reads (see 5 above). */
export const UNREAD_CHANNEL_EVENTS: ReadonlySet<string> = new Set([
  'CHANNEL_EXECUTE',
  'CHANNEL_ANSWER',
  'CHANNEL_PROGRESS_MEDIA',
  'DTMF',
  'DETECTED_TONE',
  'SWITCH_EVENT_PLAYBACK_START',
  'SWITCH_EVENT_PLAYBACK_STOP',
  'PLAYBACK_START',
  'PLAYBACK_STOP',
]);

/** An `event <format> …` line without the events nothing reads; names after CUSTOM are subclasses and stay. */
function trimSubscription(line: string): string {
  const [verb, format, ...names] = line.split(' ');
  const custom = names.indexOf('CUSTOM');
  const plain = custom === -1 ? names : names.slice(0, custom);
  const kept = plain.filter((n) => n && !UNREAD_CHANNEL_EVENTS.has(n.toUpperCase()));
  return [verb, format, ...kept, ...(custom === -1 ? [] : names.slice(custom))].join(' ');
}

/**
 * The command text as FreeSWITCH reads it cheapest (see 4 and 5 above): same meaning, fewer bytes.
 * `ownUuid` is the channel of an outbound socket; undefined on the control connection.
 */
export function eslCommandText(command: string, args: Record<string, unknown> | undefined, ownUuid: string | undefined): string {
  let line = command;
  let body: string | undefined;
  let headers = args;
  if (ownUuid && command.startsWith('event ')) line = trimSubscription(command);
  if (command.startsWith('sendmsg') && args) {
    if (ownUuid && command === `sendmsg ${ownUuid}`) line = 'sendmsg';
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
 * Makes drachtio-modesl send each command in one write with Nagle off (see 4 above). Idempotent; the
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
      const own = this._inbound === false ? (this.getInfo?.()?.getHeader('Unique-ID') ?? undefined) : undefined;
      socket.write(eslCommandText(command, args, own));
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

/** Gives drachtio-modesl's events a header index (see 6 above). Idempotent. */
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

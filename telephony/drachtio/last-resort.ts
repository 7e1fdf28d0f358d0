/**
 * The last resort against errors nothing else caught. A SIP or media race (a request on a dialog
 * drachtio-server already dropped, a reply for a channel FreeSWITCH already hung up) must cost at most
 * that one call, never the process and every other call with it.
 *
 * While at least one adapter runs, one pair of process listeners is installed:
 * - an error raised inside a call's async work (call-scope.ts tells which) goes to the adapter that
 *   owns the call: it logs it with the call id, counts it and tears down only that call;
 * - an error from the SIP/media libraries with no call attached is logged and counted;
 * - anything else is not the adapter's business: when nobody else listens, the process fails the way
 *   Node would have without these listeners.
 */
import { currentCall } from './call-scope.js';

export type FaultKind = 'unhandled-rejection' | 'uncaught-exception';

export interface FaultSink {
  /** A fault inside one of this sink's calls. Returns false when it does not know the call. */
  callFault(callId: string, err: unknown, kind: FaultKind): boolean;
  /** A fault the SIP/media libraries raised outside any call. */
  libraryFault(err: unknown, kind: FaultKind): void;
}

/** Registered adapters, by the owner object their calls' scopes carry. */
const sinks = new Map<object, FaultSink>();

const LIBRARY_CODES = new Set(['ENODIALOG', 'EDRACHTIO', 'ESOCKETDESTROYED', 'EINVALIDSOCKET']);
const LIBRARY_PATHS = /node_modules[\\/](drachtio-srf|drachtio-fsmrf|drachtio-modesl)[\\/]/;
/** Bare strings and messages the libraries reject with. */
const LIBRARY_MESSAGES = /unknown transaction|unable to find dialog|endpoint no longer active|Connection timeout|socket has been destroyed/i;

/** An error raised by drachtio-srf, drachtio-fsmrf or drachtio-modesl (or their wire protocols). */
export function isLibraryError(err: unknown): boolean {
  if (typeof err === 'string') return LIBRARY_MESSAGES.test(err);
  const e = err as { code?: unknown; stack?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && LIBRARY_CODES.has(e.code)) return true;
  if (typeof e.stack === 'string' && LIBRARY_PATHS.test(e.stack)) return true;
  return typeof e.message === 'string' && LIBRARY_MESSAGES.test(e.message);
}

function route(err: unknown, kind: FaultKind): boolean {
  const scope = currentCall();
  if (scope) {
    const sink = sinks.get(scope.owner);
    if (sink?.callFault(scope.callId, err, kind)) return true;
  }
  if (isLibraryError(err)) {
    const first = sinks.values().next().value;
    if (first) {
      first.libraryFault(err, kind);
      return true;
    }
  }
  return false;
}

function onRejection(reason: unknown): void {
  if (route(reason, 'unhandled-rejection')) return;
  // Not ours. Alone, behave like Node's default (the rejection becomes an uncaught exception).
  if (process.listenerCount('unhandledRejection') === 1) uninstallAndThrow(reason);
}

function onException(err: unknown): void {
  if (route(err, 'uncaught-exception')) return;
  if (process.listenerCount('uncaughtException') === 1) uninstallAndThrow(err);
}

function uninstallAndThrow(err: unknown): never {
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
  throw err;
}

/** Is this process listener the last resort's own (tests take other listeners away to see it act alone)? */
export function isLastResortListener(fn: unknown): boolean {
  return fn === onRejection || fn === onException;
}

/** Adds an adapter (`owner`, as its call scopes name it) to the last resort; the returned function removes it. */
export function registerFaultSink(owner: object, sink: FaultSink): () => void {
  if (sinks.size === 0) {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
  }
  sinks.set(owner, sink);
  return () => {
    if (sinks.get(owner) !== sink) return;
    sinks.delete(owner);
    if (sinks.size > 0) return;
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

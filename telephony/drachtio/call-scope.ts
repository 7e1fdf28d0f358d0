/**
 * Which call a piece of async work belongs to. Everything the adapter does for a call runs inside
 * `inCall`, so an error that escapes every handler (the last resort, last-resort.ts) still knows its
 * call: AsyncLocalStorage follows awaits, timers and promise callbacks started from there.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallId } from '../telephony-port.js';

export interface CallScope {
  callId: CallId;
  /** The adapter instance that owns the call (several may run in one process, e.g. in tests). */
  owner: object;
}

const storage = new AsyncLocalStorage<CallScope>();

export function inCall<T>(scope: CallScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentCall(): CallScope | undefined {
  return storage.getStore();
}

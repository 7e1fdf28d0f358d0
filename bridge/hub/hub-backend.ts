/**
 * What answers a desktop. On the active bridge it is the local call centre (local-backend.ts); on a
 * standby it is the active bridge, reached through the socket.io adapter (forwarded-backend.ts). The hub
 * in front (create-hub.ts) authenticates, validates and authorises the same way in both cases.
 */
import type { Logger } from 'pino';
import type { CallCenter, CallView, SeatView, WallboardView } from '../calls/call-center-api.js';
import type { AckResult, CommandName, HubUser, SnapshotPayload } from './events.js';

/** Read-only views the REST API serves (leads' wallboard, seats, live calls; a call for its seat). */
export type HubQuery = { kind: 'wallboard' } | { kind: 'seats' } | { kind: 'live-calls' } | { kind: 'call'; callId: string };

export interface HubQueryResults {
  wallboard: WallboardView;
  seats: SeatView[];
  'live-calls': CallView[];
  call: CallView | null;
}

/** A read answered from a call centre in this process. */
export function answerQuery<K extends HubQuery['kind']>(cc: CallCenter, q: Extract<HubQuery, { kind: K }>): HubQueryResults[K] {
  const answer = (): HubQueryResults[HubQuery['kind']] => {
    switch (q.kind) {
      case 'wallboard':
        return cc.wallboard();
      case 'seats':
        return cc.seats();
      case 'live-calls':
        return cc.liveCalls();
      case 'call':
        return cc.call((q as Extract<HubQuery, { kind: 'call' }>).callId) ?? null;
    }
  };
  return answer() as HubQueryResults[K];
}

export interface HubBackend {
  /** The whole picture for one desktop (on every connect that socket.io did not recover). */
  snapshot(user: HubUser): Promise<SnapshotPayload>;
  /** A command already validated and authorised by the hub in front. */
  command(user: HubUser, name: CommandName, payload: unknown, log: Logger): Promise<AckResult<unknown>>;
  query<K extends HubQuery['kind']>(q: Extract<HubQuery, { kind: K }>): Promise<HubQueryResults[K]>;
  /** A desktop of this seat connected / went away (see seat-presence.ts for the grace). */
  attach(seatId: string, socketId: string): void;
  detach(seatId: string, socketId: string, immediate: boolean): void;
}

/** No active bridge answered (a take-over under way): the desktop is told to try again shortly. */
export class NoActiveBridgeError extends Error {
  constructor() {
    super('no active bridge is answering right now (take-over under way); try again in a few seconds');
    this.name = 'NoActiveBridgeError';
  }
}

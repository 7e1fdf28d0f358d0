/**
 * A phone's SIP dialog that a bridge which died made, driven by its successor. drachtio-srf has no
 * Dialog object for it, so requests are sent with `srf.request`:
 * 1. inside drachtio-server's own dialog, by its id (`stackDialogId`): the server adds CSeq, route
 *    set and target as for any of its dialogs — it does not ask which connection made the dialog when
 *    an application sends a request, only when it routes one from the network;
 * 2. when the server no longer has the dialog (ENODIALOG: it restarted, or the phone's BYE made it
 *    forget) — a BYE only; a probe (OPTIONS) takes ENODIALOG as the phone gone — built by hand from the stored identity (Call-ID, tags, target, Route) as a request
 *    outside any server dialog. Its CSeq is the current epoch second: higher than any CSeq the server
 *    used in the dialog (it counts up from 1 per request), so the phone accepts it.
 * The phone's own BYE never reaches us (drachtio-server answers it 481 for a dialog whose application
 * is gone), so this dialog never emits `destroy`: the dialog probe finds the phone gone instead.
 */
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { DialogIdentity } from './call-annotations.js';
import { ENODIALOG } from './library-internals.js';
import type { SrfDialog, SrfLike } from './library-types.js';

interface SentRequest extends EventEmitter {
  on(event: 'response', fn: (res: { status: number }) => void): this;
}

type RequestFn = (uri: string, opts: Record<string, unknown>, cb: (err: unknown, req?: SentRequest) => void) => void;

let cseqBump = 0;

export class AdoptedDialog extends EventEmitter implements SrfDialog {
  connected = true;
  readonly local: { sdp: string; uri: string };
  readonly remote: { sdp: string; uri: string };
  /** Requests that had to be built by hand (the server no longer had the dialog). */
  crafted = 0;

  constructor(
    private readonly srf: SrfLike,
    readonly identity: DialogIdentity,
    private readonly log: Logger,
  ) {
    super();
    this.local = { sdp: '', uri: '' };
    this.remote = { sdp: '', uri: identity.target };
  }

  get id(): string {
    return this.identity.id;
  }

  async request(opts: { method: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number }> {
    const method = opts.method.toUpperCase();
    try {
      if (!this.identity.id) throw Object.assign(new Error('no server dialog id'), { code: ENODIALOG });
      return await this.send(this.identity.target, { method, stackDialogId: this.identity.id, headers: opts.headers ?? {}, ...(opts.body ? { body: opts.body } : {}) });
    } catch (err) {
      if ((err as { code?: unknown })?.code !== ENODIALOG) throw err;
      // A probe is not sent around the server: measured on drachtio-server 0.9.10, it forgets a dead
      // application's dialog exactly when the phone's BYE arrives (answered 481), so ENODIALOG here means
      // the phone hung up — and a hand-built OPTIONS to a phone that left would only wait for a timeout.
      if (method === 'OPTIONS') throw err;
      return this.sendCrafted(method, opts.headers ?? {});
    }
  }

  /** BYE to the phone (once); resolves whatever the phone answers. */
  async destroy(): Promise<unknown> {
    if (!this.connected) return undefined;
    this.connected = false;
    try {
      return await this.request({ method: 'BYE' });
    } catch (err) {
      this.log.info({ err: String(err), sipCallId: this.identity.callId }, 'BYE to a taken-over phone could not be sent');
      return undefined;
    }
  }

  /** The phone is known to have left (a probe found it gone): no BYE will be sent. */
  forget(): void {
    this.connected = false;
  }

  modify(): Promise<unknown> {
    return Promise.reject(new Error('a taken-over dialog cannot be re-negotiated'));
  }

  private sendCrafted(method: string, headers: Record<string, string>): Promise<{ status: number }> {
    const id = this.identity;
    this.crafted++;
    const cseq = Math.floor(Date.now() / 1000) + (cseqBump = (cseqBump + 1) % 1000);
    const all: Record<string, string> = {
      ...headers,
      'Call-ID': id.callId,
      From: `${id.local};tag=${id.localTag}`,
      To: `${id.remote};tag=${id.remoteTag}`,
      CSeq: `${cseq} ${method}`,
    };
    if (id.routeSet.length) all.Route = id.routeSet.join(', ');
    return this.send(id.target, { method, headers: all });
  }

  private send(uri: string, opts: Record<string, unknown>): Promise<{ status: number }> {
    const request = (this.srf as unknown as { request: RequestFn }).request.bind(this.srf);
    return new Promise((resolve, reject) => {
      try {
        request(uri, opts, (err, req) => {
          if (err || !req) return reject(err ?? new Error('no request'));
          req.on('response', (res) => {
            if (res.status >= 200) resolve({ status: res.status });
          });
        });
      } catch (err) {
        reject(err);
      }
    });
  }
}

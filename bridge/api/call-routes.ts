/**
 * Read-only call and wallboard views for leads, trainers and integrations. Served by whichever bridge
 * is active: a standby answers them through the hub's forwarding (503 while a take-over is under way).
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { CallView } from '../calls/call-center-api.js';
import { maskNumber } from '../domain/types.js';
import { NoActiveBridgeError, type HubBackend } from '../hub/hub-backend.js';
import type { AuthedUser, Guard } from './guard.js';

/** Where the views come from (the hub: local call centre when active, the active bridge otherwise). */
export interface CallReads {
  query: HubBackend['query'];
}

/** An agent sees a call only while its seat holds it, and then with the full number; leads see all. */
function visibleCall(call: CallView, user: AuthedUser): CallView | null {
  if (user.role === 'lead' || user.role === 'admin') return call;
  if (call.seatId === user.id) return call;
  return null;
}

type Handler = (req: Request, res: Response) => Promise<void>;

/** A take-over in progress is a clear 503 with Retry-After, not a 500. */
const served = (h: Handler) => (req: Request, res: Response, next: NextFunction) =>
  void h(req, res).catch((err: unknown) => {
    if (err instanceof NoActiveBridgeError) {
      res.status(503).set('Retry-After', '5').json({ error: 'unavailable', message: err.message });
      return;
    }
    next(err);
  });

export function callRoutes(reads: CallReads, guard: Guard): Router {
  const r = Router();
  r.get('/api/wallboard', guard('lead', 'admin'), served(async (_req, res) => {
    res.json(await reads.query({ kind: 'wallboard' }));
  }));
  r.get('/api/seats', guard('lead', 'admin'), served(async (_req, res) => {
    res.json(await reads.query({ kind: 'seats' }));
  }));
  r.get('/api/calls', guard('lead', 'admin'), served(async (_req, res) => {
    // The list view masks numbers: a wallboard-style overview, not a handling seat.
    res.json((await reads.query({ kind: 'live-calls' })).map((c) => ({ ...c, callerNumber: maskNumber(c.callerNumber) })));
  }));
  r.get('/api/calls/:id', guard('agent', 'lead', 'admin'), served(async (req, res) => {
    const call = await reads.query({ kind: 'call', callId: String(req.params.id) });
    const user = res.locals.user as AuthedUser;
    const shown = call && visibleCall(call, user);
    if (!shown) {
      res.status(404).json({ error: 'not-found', message: `no call ${String(req.params.id).slice(0, 64)} visible to you` });
      return;
    }
    res.json(shown);
  }));
  return r;
}

/**
 * Read-only call and wallboard views for leads, trainers and integrations.
 */
import { Router, type Request, type Response } from 'express';
import type { CallCenter, CallView } from '../calls/call-center-api.js';
import { maskNumber } from '../domain/types.js';
import type { AuthedUser, Guard } from './guard.js';

/** An agent sees a call only while its seat holds it, and then with the full number; leads see all. */
function visibleCall(call: CallView, user: AuthedUser): CallView | null {
  if (user.role === 'lead' || user.role === 'admin') return call;
  if (call.seatId === user.id) return call;
  return null;
}

export function callRoutes(callCenter: CallCenter, guard: Guard): Router {
  const r = Router();
  r.get('/api/wallboard', guard('lead', 'admin'), (_req: Request, res: Response) => {
    res.json(callCenter.wallboard());
  });
  r.get('/api/seats', guard('lead', 'admin'), (_req: Request, res: Response) => {
    res.json(callCenter.seats());
  });
  r.get('/api/calls', guard('lead', 'admin'), (_req: Request, res: Response) => {
    // The list view masks numbers: a wallboard-style overview, not a handling seat.
    res.json(callCenter.liveCalls().map((c) => ({ ...c, callerNumber: maskNumber(c.callerNumber) })));
  });
  r.get('/api/calls/:id', guard('agent', 'lead', 'admin'), (req: Request, res: Response) => {
    const call = callCenter.call(String(req.params.id));
    const user = res.locals.user as AuthedUser;
    const shown = call && visibleCall(call, user);
    if (!shown) {
      res.status(404).json({ error: 'not-found', message: `no call ${String(req.params.id).slice(0, 64)} visible to you` });
      return;
    }
    res.json(shown);
  });
  return r;
}

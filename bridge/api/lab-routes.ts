/**
 * Lab mode only: trainers stage a scenario by placing one simulated call with a chosen caller, dialled
 * number, SIP hints and patience. Not mounted at all when the real adapter runs.
 */
import { Router, type Request, type Response } from 'express';
import type { Guard } from './guard.js';
import { labCallRequestSchema, type LabCallRequest } from '../../telephony/lab/lab-call-request.js';

// The lab switch owns the request's shape; the API only refuses unknown fields on top of it.
const labCallSchema = labCallRequestSchema.strict();

export interface LabCallPlacer {
  /** Throws CallsRefusedError while the bridge takes no new calls (draining, or standby). */
  placeCall(req: LabCallRequest): string;
}

/** No new calls here right now: a 503 with Retry-After, as a real trunk would get. */
export class CallsRefusedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'CallsRefusedError';
  }
}

export function labRoutes(lab: LabCallPlacer, guard: Guard): Router {
  const r = Router();
  r.post('/api/lab/calls', guard('lead', 'admin'), (req: Request, res: Response) => {
    const parsed = labCallSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid-input', issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) });
      return;
    }
    let callId: string;
    try {
      callId = lab.placeCall(parsed.data);
    } catch (err) {
      if (!(err instanceof CallsRefusedError)) throw err;
      res.status(503).set('Retry-After', '5').json({ error: 'unavailable', message: err.message });
      return;
    }
    res.status(201).json({ callId });
  });
  return r;
}

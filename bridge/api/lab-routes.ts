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
  placeCall(req: LabCallRequest): string;
}

export function labRoutes(lab: LabCallPlacer, guard: Guard): Router {
  const r = Router();
  r.post('/api/lab/calls', guard('lead', 'admin'), (req: Request, res: Response) => {
    const parsed = labCallSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid-input', issues: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) });
      return;
    }
    const callId = lab.placeCall(parsed.data);
    res.status(201).json({ callId });
  });
  return r;
}

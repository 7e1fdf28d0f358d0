/**
 * Lab mode only: trainers stage a scenario by placing one simulated call with a chosen caller, dialled
 * number, SIP hints and patience. Not mounted at all when the real adapter runs.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Guard } from './guard.js';
import type { LabCallRequest } from '../../telephony/lab/lab-switch.js';

const labCallSchema = z
  .object({
    callerNumber: z.string().regex(/^\+?[0-9]{3,20}$/, 'digits, optionally a leading +'),
    dialledNumber: z.string().regex(/^\+?[0-9]{3,20}$/, 'digits, optionally a leading +'),
    displayName: z.string().max(256).optional(),
    hints: z
      .object({
        language: z.string().max(16).optional(),
        desk: z.string().max(64).optional(),
        acceptLanguage: z.string().max(256).optional(),
        emergency: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /** false = the identity did not come through a trusted trunk (spoofable From). */
    trusted: z.boolean().optional(),
    patienceSeconds: z.number().min(1).max(3600).optional(),
    talkSeconds: z.number().min(1).max(7200).optional(),
  })
  .strict();

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

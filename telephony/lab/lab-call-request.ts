/** One simulated call as a trainer (REST) or the generator stages it. */
import { z } from 'zod';
import type { SipHints } from '../telephony-port.js';

const number = z.string().regex(/^\+?[0-9]{3,20}$/, 'digits, optionally a leading +');

export const labCallRequestSchema = z.object({
  callerNumber: number,
  dialledNumber: number,
  /** Untrusted; sanitized and capped by the switch. */
  displayName: z.string().max(1024).optional(),
  hints: z
    .object({
      language: z.string().max(16).optional(),
      desk: z.string().max(64).optional(),
      acceptLanguage: z.string().max(256).optional(),
      emergency: z.boolean().optional(),
    })
    .optional(),
  /** false = the identity did not come through a trusted trunk: unverified, hints dropped. Default true. */
  trusted: z.boolean().optional(),
  patienceSeconds: z.number().min(0.1).max(3600).optional(),
  talkSeconds: z.number().min(0.1).max(7200).optional(),
});

export interface LabCallRequest {
  callerNumber: string;
  dialledNumber: string;
  displayName?: string;
  hints?: SipHints;
  trusted?: boolean;
  patienceSeconds?: number;
  talkSeconds?: number;
}

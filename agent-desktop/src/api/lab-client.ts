/** Lab mode: a lead stages one simulated call (POST /api/lab/calls, lead/admin only, the bridge checks). */
export interface StagedCallRequest {
  callerNumber: string;
  dialledNumber: string;
  /** false: the number did not come through a trusted trunk — the pop marks it unverified. */
  trusted: boolean;
  hints?: { language?: string };
}

export class StageCallError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'StageCallError';
  }
}

export async function stageLabCall(token: string, req: StagedCallRequest, fetchImpl: typeof fetch = fetch): Promise<{ callId: string }> {
  const res = await fetchImpl('/api/lab/calls', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    // The caller waits long enough for a trainee to answer.
    body: JSON.stringify({ ...req, patienceSeconds: 600 }),
  });
  const body = (await res.json().catch(() => ({}))) as { callId?: unknown; message?: unknown; issues?: unknown };
  if (res.status !== 201 || typeof body.callId !== 'string') {
    const why = typeof body.message === 'string' ? body.message : Array.isArray(body.issues) ? body.issues.join('; ') : `HTTP ${res.status}`;
    throw new StageCallError(res.status, why);
  }
  return { callId: body.callId };
}

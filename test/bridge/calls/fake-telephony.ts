/** A small in-test TelephonyPort: records every command, lets the test emit events. */
import { emptyCounters, type Announcement, type CallFacts, type RecoveredCall, type InboundCall, type OfferRequest, type SupervisionMode, type SupervisionRequest, type TelephonyEvent, type TelephonyListener, type TelephonyPort } from '../../../telephony/telephony-port.js';

export type Command = { cmd: string; callId?: string; args: unknown[] };

export class FakeTelephony implements TelephonyPort {
  readonly commands: Command[] = [];
  readonly attended = new Map<string, boolean>();
  private readonly listeners = new Set<TelephonyListener>();
  /** Commands that should reject (name → error). */
  readonly failing = new Map<string, Error>();
  withAnswerSeatPhone = true;

  on(l: TelephonyListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  emit(e: TelephonyEvent): void {
    for (const l of this.listeners) l(e);
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  drained = false;
  drain(): void {
    this.drained = true;
  }
  health() {
    return { ok: true, detail: 'fake', liveChannels: 0, liveCalls: 0, draining: this.drained, counters: emptyCounters() };
  }

  private async rec(cmd: string, callId: string, ...args: unknown[]): Promise<void> {
    this.commands.push({ cmd, callId, args });
    const err = this.failing.get(cmd);
    if (err) throw err;
  }
  /** Facts recorded through annotate(), in order (kept apart from the commands). */
  readonly annotations: Array<{ callId: string; facts: CallFacts }> = [];
  /** What recoverCalls() returns. */
  recoverable: RecoveredCall[] = [];
  annotate(callId: string, facts: CallFacts): void {
    this.annotations.push({ callId, facts });
  }
  async recoverCalls(): Promise<RecoveredCall[]> {
    return this.recoverable;
  }
  playQueueMusic(callId: string, language: string) { return this.rec('playQueueMusic', callId, language); }
  announce(callId: string, announcement: Announcement) { return this.rec('announce', callId, announcement); }
  offer(callId: string, offer: OfferRequest) { return this.rec('offer', callId, offer); }
  cancelOffer(callId: string, offerId: string) { return this.rec('cancelOffer', callId, offerId); }
  hold(callId: string, language: string) { return this.rec('hold', callId, language); }
  resume(callId: string) { return this.rec('resume', callId); }
  releaseSeat(callId: string, language: string) { return this.rec('releaseSeat', callId, language); }
  transferOut(callId: string, destination: string) { return this.rec('transferOut', callId, destination); }
  conference(callId: string, destination: string) { return this.rec('conference', callId, destination); }
  dropThirdParty(callId: string, destination: string) { return this.rec('dropThirdParty', callId, destination); }
  hangup(callId: string, reason: string) { return this.rec('hangup', callId, reason); }
  supervise(callId: string, request: SupervisionRequest) { return this.rec('supervise', callId, request); }
  setSupervisionMode(callId: string, supervisionId: string, mode: SupervisionMode) { return this.rec('setSupervisionMode', callId, supervisionId, mode); }
  endSupervision(callId: string, supervisionId: string) { return this.rec('endSupervision', callId, supervisionId); }
  answerSeatPhone(callId: string, offerId: string) { return this.rec('answerSeatPhone', callId, offerId); }
  setSeatAttended(seatId: string, attended: boolean) { this.attended.set(seatId, attended); }

  /** The last offer sent for a call. */
  lastOffer(callId: string): OfferRequest | undefined {
    const c = [...this.commands].reverse().find((x) => x.cmd === 'offer' && x.callId === callId);
    return c?.args[0] as OfferRequest | undefined;
  }
  names(callId?: string): string[] {
    return this.commands.filter((c) => callId === undefined || c.callId === callId).map((c) => c.cmd);
  }
}

let n = 0;
export function inbound(extra: Partial<InboundCall> = {}, at = 0): InboundCall {
  return {
    callId: `call-${++n}`,
    callerNumber: '13812341234',
    callerDisplayName: '张先生',
    callerVerified: true,
    dialledNumber: '12345',
    trunk: 'lab',
    hints: {},
    arrivedAt: at,
    ...extra,
  };
}

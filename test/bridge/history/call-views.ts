/** Test helpers: CallViews and a tiny CallCenter stand-in that only implements `on` (what the recorder uses). */
import { CallState, type CallCenter, type CallCenterEvent, type CallEventKind, type CallView } from '../../../bridge/calls/call-center-api.js';

export function callView(over: Partial<CallView> = {}): CallView {
  return {
    id: 'call-1',
    state: CallState.Arrived,
    callerNumber: '13812341234',
    callerDisplayName: '张先生',
    callerVerified: true,
    dialledNumber: '12345',
    didLabel: '12345 政务服务便民热线',
    target: { language: 'zh', languageStrength: 'preferred', desk: 'general', priority: 0, reasons: [{ source: 'number-plan', text: 'DID 12345 → 综合受理' }] },
    arrivedAt: 1_763_600_000_000,
    expansionLevel: 0,
    transfers: 0,
    ...over,
  };
}

export class FakeCallCenter implements Pick<CallCenter, 'on'> {
  private listeners = new Set<(e: CallCenterEvent) => void>();
  on(listener: (e: CallCenterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(e: CallCenterEvent): void {
    for (const l of this.listeners) l(e);
  }
  call(kind: CallEventKind, call: CallView, at: number, extra: { seatId?: string; detail?: Record<string, unknown> } = {}): void {
    this.emit({ type: 'call', kind, call, at, ...extra });
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
}

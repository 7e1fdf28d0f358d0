/** Sample views for component tests, shaped exactly like the bridge's (type-checked against them). */
import type { PreflightReport, ScreenPop, SeatView } from '../api/types.js';

const DAY = 86_400_000;

export function samplePop(over: Partial<ScreenPop> = {}, call: Partial<ScreenPop['call']> = {}): ScreenPop {
  const now = Date.UTC(2024, 8, 6, 2, 0, 0);
  return {
    callId: 'c-1',
    offerId: 'o-1',
    seatId: '1001',
    call: {
      dialledNumber: '12345',
      didLabel: '12345 政务服务便民热线',
      callerNumber: '13800001234',
      callerDisplayName: '王女士',
      callerVerified: true,
      language: 'kk',
      languageStrength: 'required',
      desk: 'general',
      deskName: '综合受理',
      priority: 0,
      waitSeconds: 12,
      reasons: [
        { source: 'history', text: 'last 3 calls in Kazakh' },
        { source: 'number-plan', text: 'DID 12345 → 综合受理' },
      ],
      contactMode: 'office',
      ...call,
    },
    caller: { preferredLanguage: 'kk', tags: ['repeat-complainant'], firstContact: false },
    firstContact: false,
    contacts: [
      { at: now - 2 * DAY, dialledNumber: '12345', language: 'kk', desk: 'general', seatId: '1003', outcome: 'ticket-created', category: 'utilities', contactMode: 'office' },
      { at: now - 9 * DAY, dialledNumber: '12345', language: 'kk', desk: 'general', seatId: '1007', outcome: 'resolved', category: 'utilities', contactMode: 'office' },
    ],
    tickets: [
      { number: 'WO-2024-0815', category: 'utilities', place: '阿勒泰市', status: 'open', dueAt: now - DAY, overdue: true, dissatisfiedCount: 2, source: 'store' },
      { number: 'WO-2024-0901', category: 'noise', place: null, status: 'open', dueAt: now + 3 * DAY, overdue: false, dissatisfiedCount: 0, source: 'store' },
    ],
    flags: [
      { kind: 'repeat-caller', category: 'utilities', count: 6, days: 30 },
      { kind: 'same-matter', category: 'utilities', place: '阿勒泰市', callers: 7, days: 3 },
      { kind: 'urged', ticket: 'WO-2024-0815', dissatisfied: 2 },
      { kind: 'supervised', ticket: 'WO-2024-0700', dissatisfied: 4 },
    ],
    workOrderHistoryUnavailable: false,
    missing: [],
    ...over,
  };
}

export function sampleSeat(over: Partial<SeatView> = {}): SeatView {
  return {
    id: '1001',
    name: '阿依古丽',
    languages: ['zh', 'kk'],
    desks: ['general'],
    state: 'available' as SeatView['state'],
    stateSince: Date.UTC(2024, 8, 6, 1, 0, 0),
    contactMode: 'office',
    modeOverride: null,
    hasHomeContact: true,
    attended: true,
    callsHandled: 3,
    talkTimeMs: 420_000,
    missedOffers: 0,
    ...over,
  };
}

export function samplePreflight(over: Partial<PreflightReport> = {}): PreflightReport {
  return {
    targetMode: 'home',
    seatsTotal: 12,
    noHomeContact: [
      { seatId: '1004', name: '李明' },
      { seatId: '1009', name: '张伟' },
    ],
    unreachable: [{ seatId: '1011', name: '赵静', why: 'last offer unreachable' }],
    ready: 9,
    ...over,
  };
}

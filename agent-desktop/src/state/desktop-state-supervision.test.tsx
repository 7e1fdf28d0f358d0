import { strict as assert } from 'node:assert';
import type { CallView, DesktopUser, SupervisionView } from '../api/types.js';
import { sampleSeat } from '../test-setup/sample-data.js';
import { desktopReducer, initialState } from './desktop-state.js';

const lead: DesktopUser = { id: 'lead1', name: '王丽', role: 'lead' };

function call(over: Partial<CallView> = {}): CallView {
  return {
    id: 'c-1',
    state: 'connected' as CallView['state'],
    callerNumber: '13800001234',
    callerDisplayName: '',
    callerVerified: true,
    dialledNumber: '12345',
    didLabel: '12345',
    target: { language: 'zh', languageStrength: 'preferred', desk: 'general', priority: 0, reasons: [] },
    arrivedAt: 1000,
    answeredAt: 2000,
    seatId: '1001',
    expansionLevel: 0,
    transfers: 0,
    ...over,
  };
}

const sv = (over: Partial<SupervisionView> = {}): SupervisionView => ({
  id: 'sv-1', callId: 'c-1', seatId: '1001', leadId: 'lead1', leadName: '王丽', mode: 'listen', state: 'joined', requestedAt: 1, agentSees: false, ...over,
});

describe('agent-desktop: desktop state for supervision', () => {
  it('a lead keeps the live-calls list from the snapshot and call events; an ended call leaves it', () => {
    let s = desktopReducer(initialState(lead), { type: 'snapshot', now: 0, data: { liveCalls: [call()], supervisions: [sv()] } });
    s = desktopReducer(s, { type: 'call', call: call({ id: 'c-2', arrivedAt: 500 }) });
    assert.deepEqual(s.liveCalls.map((c) => c.id), ['c-2', 'c-1'], 'oldest first');
    s = desktopReducer(s, { type: 'call', call: call({ state: 'ended' as CallView['state'] }) });
    assert.deepEqual(s.liveCalls.map((c) => c.id), ['c-2']);
    s = desktopReducer(s, { type: 'supervision', supervision: sv({ mode: 'barge' }) });
    assert.equal(s.supervisions[0]?.mode, 'barge');
    s = desktopReducer(s, { type: 'supervision', supervision: sv({ state: 'ended' }) });
    assert.deepEqual(s.supervisions, []);
  });

  it('an agent shows the banner while told, and drops it when hidden or when the call ends', () => {
    const agent: DesktopUser = { id: '1001', name: '李娜', role: 'agent', seatId: '1001' };
    let s = desktopReducer(initialState(agent), { type: 'snapshot', now: 0, data: { seat: sampleSeat({ id: '1001', callId: 'c-1' }) } });
    const told = { supervisionId: 'sv-1', callId: 'c-1', mode: 'whisper' as const, leadName: '王丽', active: true };
    s = desktopReducer(s, { type: 'supervised', supervised: told });
    assert.equal(s.supervised.length, 1);
    s = desktopReducer(s, { type: 'supervised', supervised: { ...told, mode: 'listen', active: false } });
    assert.equal(s.supervised.length, 0);
    s = desktopReducer(s, { type: 'supervised', supervised: told });
    s = desktopReducer(s, { type: 'call', call: call({ state: 'ended' as CallView['state'] }) });
    assert.equal(s.supervised.length, 0, 'the banner goes with its call');
    assert.deepEqual(s.liveCalls, [], 'agents keep no live-calls list');
  });
});

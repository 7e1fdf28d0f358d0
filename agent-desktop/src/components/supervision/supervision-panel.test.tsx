import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { fireEvent, waitFor } from '@testing-library/react';
import { renderUi } from '../../test-setup/render.js';
import type { CallView, SupervisionView } from '../../api/types.js';
import { SupervisionPanel, type SupervisionPanelProps } from './supervision-panel.js';

function call(over: Partial<CallView> = {}): CallView {
  return {
    id: 'c-1',
    state: 'connected' as CallView['state'],
    callerNumber: '13800001234',
    callerDisplayName: '王女士',
    callerVerified: true,
    dialledNumber: '12345',
    didLabel: '12345 政务服务便民热线',
    target: { language: 'zh', languageStrength: 'preferred', desk: 'general', priority: 0, reasons: [] },
    arrivedAt: 1000,
    answeredAt: 2000,
    seatId: '1001',
    expansionLevel: 0,
    transfers: 0,
    ...over,
  };
}

function supervision(over: Partial<SupervisionView> = {}): SupervisionView {
  return { id: 'sv-1', callId: 'c-1', seatId: '1001', leadId: 'lead1', leadName: '王丽', mode: 'listen', state: 'joined', requestedAt: 3000, joinedAt: 3500, agentSees: false, ...over };
}

function props(over: Partial<SupervisionPanelProps> = {}): SupervisionPanelProps {
  return {
    calls: [call(), call({ id: 'c-2', seatId: '1002', callerNumber: '13900005678' }), call({ id: 'c-3', state: 'waiting' as CallView['state'], seatId: undefined })],
    seatNames: { '1001': '李娜', '1002': '阿依古丽' },
    supervisions: [],
    userId: 'lead1',
    onSupervise: sinon.stub().resolves(),
    onMode: sinon.stub().resolves(),
    onLeave: sinon.stub().resolves(),
    ...over,
  };
}

describe('agent-desktop: supervision panel (listen / whisper / barge)', () => {
  useDom();

  it('lists only connected calls, and listens from the office phone', async () => {
    const p = props();
    const ui = renderUi(<SupervisionPanel {...p} />);
    const rows = ui.getAllByTestId('live-call-row');
    assert.deepEqual(rows.map((r) => r.getAttribute('data-call-id')), ['c-1', 'c-2'], 'a waiting call cannot be supervised');
    assert.match(rows[0]?.textContent ?? '', /1001 李娜.*13800001234/);
    fireEvent.click(rows[1]!.querySelector('[data-testid="supervise-listen"]')!);
    await waitFor(() => assert.equal((p.onSupervise as sinon.SinonStub).callCount, 1));
    assert.deepEqual((p.onSupervise as sinon.SinonStub).firstCall.args, ['c-2', 'listen', { kind: 'office' }]);
  });

  it('barges from a number typed for this time, and will not send one that is not a number', async () => {
    const p = props();
    const ui = renderUi(<SupervisionPanel {...p} />);
    fireEvent.click(ui.getByText('临时号码'));
    fireEvent.change(ui.getByTestId('supervise-typed-number'), { target: { value: 'abc' } });
    const barge = () => ui.getAllByTestId('supervise-barge')[0] as HTMLButtonElement;
    assert.equal(barge().disabled, true);
    fireEvent.change(ui.getByTestId('supervise-typed-number'), { target: { value: ' 13700001111 ' } });
    fireEvent.click(barge());
    await waitFor(() => assert.equal((p.onSupervise as sinon.SinonStub).callCount, 1));
    assert.deepEqual((p.onSupervise as sinon.SinonStub).firstCall.args, ['c-1', 'barge', { kind: 'typed', number: '13700001111' }]);
  });

  it('while joined: shows the mode, moves to whisper without redialling, and leaves', async () => {
    const p = props({ supervisions: [supervision()] });
    const ui = renderUi(<SupervisionPanel {...p} />);
    assert.match(ui.getByTestId('supervise-status').textContent ?? '', /正在监听：李娜/);
    const row = ui.getAllByTestId('live-call-row')[0]!;
    assert.equal(row.querySelector('[data-testid="supervise-listen"]')?.getAttribute('aria-pressed'), 'true');
    const other = ui.getAllByTestId('live-call-row')[1]!;
    assert.equal((other.querySelector('[data-testid="supervise-listen"]') as HTMLButtonElement).disabled, true, 'one call at a time');
    fireEvent.click(row.querySelector('[data-testid="supervise-whisper"]')!);
    await waitFor(() => assert.equal((p.onMode as sinon.SinonStub).callCount, 1), { timeout: 5000 });
    assert.deepEqual((p.onMode as sinon.SinonStub).firstCall.args, ['sv-1', 'whisper']);
    assert.equal((p.onSupervise as sinon.SinonStub).callCount, 0);
    // The buttons stay disabled until the bridge has answered the change, as a person sees them.
    await waitFor(() => assert.equal((ui.getByTestId('supervise-leave') as HTMLButtonElement).disabled, false), { timeout: 5000 });
    fireEvent.click(ui.getByTestId('supervise-leave'));
    await waitFor(() => assert.equal((p.onLeave as sinon.SinonStub).callCount, 1), { timeout: 5000 });
  });

  it('says the phone is being called, and shows the bridge\'s refusal', async () => {
    const p = props({ onSupervise: sinon.stub().rejects(new Error('this call is on your own seat')) });
    const ui = renderUi(<SupervisionPanel {...p} />);
    fireEvent.click(ui.getAllByTestId('supervise-listen')[0]!);
    await waitFor(() => assert.match(ui.getByTestId('supervise-error').textContent ?? '', /your own seat/));
    ui.rerender(<SupervisionPanel {...props({ supervisions: [supervision({ state: 'dialling' })] })} />);
    assert.match(ui.getByTestId('supervise-status').textContent ?? '', /正在呼叫您的电话/);
  });

  it('reads in English', () => {
    const ui = renderUi(<SupervisionPanel {...props({ supervisions: [supervision({ mode: 'barge' })] })} />, 'en');
    assert.match(ui.getByTestId('supervise-status').textContent ?? '', /Barge: 李娜/);
    assert.ok(ui.getByText('Office phone'));
  });
});

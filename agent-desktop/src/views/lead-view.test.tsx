import { useDom } from '../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import type { LeadCommands } from '../api/commands.js';
import { renderUi } from '../test-setup/render.js';
import { desktopReducer, initialState } from '../state/desktop-state.js';
import { LeadView } from './lead-view.js';

const commands = () => ({ forceSeatState: sinon.stub().resolves(), preflight: sinon.stub().resolves(), setCentreMode: sinon.stub().resolves(), setSeatMode: sinon.stub().resolves(), audit: sinon.stub().resolves({ entries: [] }) }) as unknown as LeadCommands;

describe('agent-desktop: lead view', () => {
  useDom();

  it('offers "stage a call" only in lab mode', () => {
    const office = desktopReducer(initialState({ id: 'lead1', name: '班长', role: 'lead' }), { type: 'snapshot', now: 0, data: { lab: null } });
    const stage = sinon.stub().resolves({ callId: 'x' });
    const real = renderUi(<LeadView state={office} commands={commands()} stageCall={stage} />);
    assert.equal(real.queryByTestId('stage-call'), null, 'not outside the lab');
    real.unmount();
    const lab = desktopReducer(office, { type: 'snapshot', now: 0, data: { lab: { demoCallers: [{ id: 'repeatCaller', number: '13909910006' }], dialledNumbers: [{ did: '12345', label: '12345 热线' }] } } });
    const ui = renderUi(<LeadView state={lab} commands={commands()} stageCall={stage} />);
    assert.ok(ui.getByTestId('stage-call'));
  });
});

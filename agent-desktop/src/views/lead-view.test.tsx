import { useDom } from '../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import type { LeadCommands } from '../api/commands.js';
import { renderUi } from '../test-setup/render.js';
import { desktopReducer, initialState } from '../state/desktop-state.js';
import { LeadView } from './lead-view.js';
import { sampleServiceLevel } from '../components/service-level/sample-service-level.js';
import type { WallboardView } from '../api/types.js';
import type { LeadApi } from '../api/lead-api.js';

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

  it("the report asks with the centre's own answer threshold, not a built-in 15 s", async () => {
    const board: WallboardView = {
      at: 0, centreMode: 'office', activePreset: null, waiting: [], waitingTotal: 0, longestWaitSeconds: 0,
      seatsByState: { offline: 0, available: 1, 'not-ready': 0, reserved: 0, 'on-call': 0, 'wrap-up': 0 } as WallboardView['seatsByState'],
      arrivedToday: 0, answeredToday: 0, abandonedToday: 0, answerRate: 0, serviceLevel: 0,
      service: { ...sampleServiceLevel(), answerWithinSeconds: 20 }, drain: null,
    } as WallboardView;
    const state = desktopReducer(desktopReducer(initialState({ id: 'lead1', name: '班长', role: 'lead' }), { type: 'snapshot', now: 0, data: { lab: null } }), { type: 'wallboard', wallboard: board });
    const api = { report: sinon.stub().resolves(null), downloadReport: sinon.stub().resolves(), handover: sinon.stub().resolves(null) } as unknown as LeadApi;
    const ui = renderUi(<LeadView state={state} commands={commands()} api={api} />);
    ui.getByTestId('lead-tab-reports').click();
    const threshold = (await ui.findByTestId('report-threshold')) as HTMLInputElement;
    assert.equal(threshold.value, '20');
  });
});

import { useDom } from '../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { fireEvent, waitFor } from '@testing-library/react';
import type { AgentCommands } from '../api/commands.js';
import type { CallView, SeatView } from '../api/types.js';
import { renderUi } from '../test-setup/render.js';
import { samplePop, sampleSeat } from '../test-setup/sample-data.js';
import { desktopReducer, initialState, type DesktopState } from '../state/desktop-state.js';
import { AgentView } from './agent-view.js';

const seatState = (s: string) => s as SeatView['state'];

function commands(): { [K in keyof AgentCommands]: sinon.SinonStub } {
  const names = ['setAvailable', 'setNotReady', 'accept', 'reject', 'hold', 'resume', 'transfer', 'conference', 'hangup', 'correctLanguage', 'completeWrapUp', 'saveWrapUpDraft'];
  return Object.fromEntries(names.map((n) => [n, sinon.stub().resolves()])) as unknown as { [K in keyof AgentCommands]: sinon.SinonStub };
}

function ringing(): DesktopState {
  let s = initialState({ id: '1001', name: '阿依古丽', role: 'agent' });
  s = desktopReducer(s, {
    type: 'snapshot',
    now: Date.now(),
    data: {
      seat: sampleSeat({ state: seatState('reserved'), callId: 'c-1', contactMode: 'home' }),
      centre: { mode: 'home', preset: null, reason: 'typhoon', since: 0 },
      desks: [{ id: 'general', name: '综合受理' }],
    },
  });
  return desktopReducer(s, { type: 'offer', now: Date.now(), offer: { offerId: 'o-1', callId: 'c-1', pop: samplePop({}, { contactMode: 'home' }), ringTimeoutMs: 30_000 }, announcement: '新来电：王女士，哈萨克语，综合受理' });
}

function onCall(held: boolean): DesktopState {
  const call: CallView = {
    id: 'c-1',
    state: (held ? 'held' : 'connected') as CallView['state'],
    callerNumber: '13800001234',
    callerDisplayName: '王女士',
    callerVerified: true,
    dialledNumber: '12345',
    didLabel: '12345',
    target: { language: 'kk', languageStrength: 'required', desk: 'general', priority: 0, reasons: [] },
    arrivedAt: Date.now() - 60_000,
    answeredAt: Date.now() - 30_000,
    seatId: '1001',
    expansionLevel: 0,
    transfers: 0,
  };
  let s = ringing();
  s = desktopReducer(s, { type: 'call', call });
  return desktopReducer(s, { type: 'seat', seat: sampleSeat({ state: seatState('on-call'), callId: 'c-1' }) });
}

const chord = (key: string) => fireEvent.keyDown(window, { key, ctrlKey: true, shiftKey: true });

describe('agent-desktop: agent view', () => {
  useDom();

  it('shows the ringing offer with its pop before answering, announces it, and says it rings the home contact', () => {
    const ui = renderUi(<AgentView state={ringing()} commands={commands()} silent />);
    assert.ok(ui.getByTestId('offer-alert'));
    assert.ok(ui.getByTestId('screen-pop'));
    assert.equal(ui.getByTestId('offer-announcer').getAttribute('aria-live'), 'assertive');
    assert.match(ui.getByTestId('offer-announcer').textContent ?? '', /新来电：王女士/);
    assert.ok(ui.getByTestId('home-mode-banner'));
    assert.ok(ui.getByTestId('pop-home-contact'));
  });

  it('accepts with Ctrl+Shift+A and rejects with Ctrl+Shift+R', async () => {
    const cmd = commands();
    renderUi(<AgentView state={ringing()} commands={cmd} silent />);
    chord('A');
    await waitFor(() => assert.deepEqual(cmd.accept.firstCall?.args, ['c-1']));
    chord('R');
    await waitFor(() => assert.deepEqual(cmd.reject.firstCall?.args, ['c-1']));
  });

  it('holds with Ctrl+Shift+H, resumes a held call with it, and hangs up with Ctrl+Shift+E', async () => {
    const cmd = commands();
    const ui = renderUi(<AgentView state={onCall(false)} commands={cmd} silent />);
    assert.ok(ui.getByTestId('call-controls'));
    assert.ok(ui.getByTestId('screen-pop'), 'the pop stays beside the live call');
    chord('H');
    await waitFor(() => assert.equal(cmd.hold.callCount, 1));
    ui.rerender(<AgentView state={onCall(true)} commands={cmd} silent />);
    await waitFor(() => assert.ok(ui.getByTestId('call-held')));
    chord('H');
    await waitFor(() => assert.equal(cmd.resume.callCount, 1));
    chord('E');
    await waitFor(() => assert.equal(cmd.hangup.callCount, 1));
  });

  it('transfers to a Kazakh seat from the transfer panel', async () => {
    const cmd = commands();
    const ui = renderUi(<AgentView state={onCall(false)} commands={cmd} silent />);
    fireEvent.click(ui.getByTestId('transfer-kind-language'));
    fireEvent.click(ui.getByTestId('transfer-language-kk'));
    fireEvent.click(ui.getByTestId('transfer-go'));
    await waitFor(() => assert.deepEqual(cmd.transfer.firstCall?.args, ['c-1', { kind: 'language', language: 'kk' }]));
  });

  it('opens the shortcut help with ? and lists the chords', async () => {
    const ui = renderUi(<AgentView state={onCall(false)} commands={commands()} silent />);
    fireEvent.keyDown(window, { key: '?', shiftKey: true });
    await waitFor(() => assert.ok(ui.getByTestId('shortcuts-table')));
    const text = ui.getByTestId('shortcuts-table').textContent ?? '';
    for (const k of ['Ctrl+Shift+A', 'Ctrl+Shift+R', 'Ctrl+Shift+H', 'Ctrl+Shift+E']) assert.ok(text.includes(k), k);
    assert.match(text, /接听来电/);
  });

  it('shows the wrap-up form after the call and sends disposition, category and note', async () => {
    const cmd = commands();
    let s = onCall(false);
    s = desktopReducer(s, { type: 'seat', seat: sampleSeat({ state: seatState('wrap-up'), callId: 'c-1', wrapUpEndsAt: Date.now() + 30_000 }) });
    const ui = renderUi(<AgentView state={s} commands={cmd} silent />);
    fireEvent.click(ui.getByTestId('wrap-disposition-ticket-created'));
    const category = document.getElementById('wrap-category')!;
    fireEvent.mouseDown(category);
    fireEvent.change(category, { target: { value: '水电' } });
    await waitFor(() => assert.ok(ui.getByTitle('水电气暖')));
    fireEvent.click(ui.getByTitle('水电气暖'));
    fireEvent.change(ui.getByTestId('wrap-note'), { target: { value: '停水三天' } });
    fireEvent.click(ui.getByTestId('wrap-up-submit'));
    await waitFor(() => assert.deepEqual(cmd.completeWrapUp.firstCall?.args, [{ disposition: 'ticket-created', category: 'utilities', note: '停水三天' }]));
  });

  it('sends what the agent types in wrap-up as a draft once typing pauses, and nothing before they touch the form', async () => {
    const cmd = commands();
    let s = onCall(false);
    s = desktopReducer(s, { type: 'seat', seat: sampleSeat({ state: seatState('wrap-up'), callId: 'c-1', wrapUpEndsAt: Date.now() + 30_000 }) });
    const ui = renderUi(<AgentView state={s} commands={cmd} silent />);
    await new Promise((r) => setTimeout(r, 900));
    assert.equal(cmd.saveWrapUpDraft.callCount, 0, 'an untouched form is not a draft');
    fireEvent.change(ui.getByTestId('wrap-note'), { target: { value: '停水' } });
    fireEvent.change(ui.getByTestId('wrap-note'), { target: { value: '停水三天' } });
    await waitFor(() => assert.equal(cmd.saveWrapUpDraft.callCount, 1), { timeout: 3000 });
    assert.deepEqual(cmd.saveWrapUpDraft.firstCall.args, [{ disposition: 'resolved', note: '停水三天' }]);
  });
});

import { useDom } from '../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { act, fireEvent, waitFor } from '@testing-library/react';
import type { AgentCommands } from '../api/commands.js';
import type { CallView, SeatView } from '../api/types.js';
import { renderUi } from '../test-setup/render.js';
import { samplePop, sampleSeat } from '../test-setup/sample-data.js';
import { desktopReducer, initialState, type DesktopState } from '../state/desktop-state.js';
import { AgentView } from './agent-view.js';
import { CommandNotAnswered } from '../api/hub-protocol.js';
import { AGENT_SHORTCUTS } from '../components/shortcuts-help/shortcuts.js';

const seatState = (s: string) => s as SeatView['state'];

function commands(): { [K in keyof AgentCommands]: sinon.SinonStub } {
  const names = ['setAvailable', 'setNotReady', 'accept', 'reject', 'hold', 'resume', 'transfer', 'conference', 'dropThirdParty', 'hangup', 'correctLanguage', 'completeWrapUp', 'saveWrapUpDraft'];
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

  it('in a three-way call the agent drops the third party and stays with the caller', async () => {
    const cmd = commands();
    const s = onCall(false);
    const ui = renderUi(<AgentView state={{ ...s, call: { ...s.call!, conferenceWith: '057112345' } }} commands={cmd} silent />);
    assert.match(ui.getByTestId('call-conference-with').textContent ?? '', /057112345/);
    fireEvent.click(ui.getByTestId('conference-drop'));
    await waitFor(() => assert.deepEqual(cmd.dropThirdParty.firstCall?.args, ['c-1']));
    ui.rerender(<AgentView state={s} commands={cmd} silent />);
    assert.equal(ui.queryByTestId('conference-drop'), null);
    assert.ok(ui.getByTestId('call-controls'), 'still on the call with the caller');
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
    await act(() => new Promise((r) => setTimeout(r, 900)));
    assert.equal(cmd.saveWrapUpDraft.callCount, 0, 'an untouched form is not a draft');
    fireEvent.change(ui.getByTestId('wrap-note'), { target: { value: '停水' } });
    fireEvent.change(ui.getByTestId('wrap-note'), { target: { value: '停水三天' } });
    await waitFor(() => assert.equal(cmd.saveWrapUpDraft.callCount, 1), { timeout: 3000 });
    assert.deepEqual(cmd.saveWrapUpDraft.firstCall.args, [{ disposition: 'resolved', note: '停水三天' }]);
  });

  it('while disconnected, says so in a banner and disables every call control and shortcut', async () => {
    const cmd = commands();
    const s = desktopReducer(onCall(false), { type: 'connection', connection: 'reconnecting' });
    const ui = renderUi(<AgentView state={s} commands={cmd} silent />);
    const banner = ui.getByTestId('connection-lost');
    assert.equal(banner.getAttribute('role'), 'alert');
    assert.match(banner.textContent ?? '', /连接已断开.*通话控制暂不可用/);
    for (const id of ['call-hold', 'call-hangup', 'transfer-go']) assert.equal((ui.getByTestId(id) as HTMLButtonElement).disabled, true, id);
    chord('E');
    chord('H');
    await act(() => new Promise((r) => setTimeout(r, 50)));
    assert.equal(cmd.hangup.callCount + cmd.hold.callCount, 0);
    ui.rerender(<AgentView state={desktopReducer(s, { type: 'connection', connection: 'connected' })} commands={cmd} silent />);
    assert.equal(ui.queryByTestId('connection-lost'), null);
    assert.equal((ui.getByTestId('call-hangup') as HTMLButtonElement).disabled, false);
  });

  it('a command the hub never answered reports a clear failure in the UI language', async () => {
    const cmd = commands();
    cmd.hangup.rejects(new CommandNotAnswered('unconfirmed'));
    const ui = renderUi(<AgentView state={onCall(false)} commands={cmd} silent />);
    fireEvent.click(ui.getByTestId('call-hangup'));
    await waitFor(() => assert.match(document.body.textContent ?? '', /连接中断，操作结果未确认/));
    assert.doesNotMatch(document.body.textContent ?? '', /timed out|no answer/);
  });

  it('the pop beside a live call no longer says it "will call" the home contact', () => {
    let s = onCall(false);
    s = { ...s, pops: { 'c-1': samplePop({}, { contactMode: 'home' }) } };
    const ui = renderUi(<AgentView state={s} commands={commands()} silent />);
    assert.doesNotMatch(ui.getByTestId('screen-pop').textContent ?? '', /将呼叫/);
    assert.match(ui.getByTestId('pop-home-contact').textContent ?? '', /已经您的居家联系方式接通/);
  });

  for (const [to, expected] of [
    [{ kind: 'desk', desk: 'social-security' }, 'transferred'],
    [{ kind: 'external', number: '120' }, 'linked'],
    [{ kind: 'external', number: '13700001111' }, 'transferred'],
  ] as const) {
    it(`wrap-up after a transfer to ${'desk' in to ? to.desk : to.number} defaults to "${expected}"`, async () => {
      const cmd = commands();
      let s = onCall(false);
      s = desktopReducer(s, { type: 'seat', seat: sampleSeat({ state: seatState('wrap-up'), callId: 'c-1', wrapUpEndsAt: Date.now() + 30_000 }) });
      // The call's last event comes just after the seat entered wrap-up (as a transfer out does).
      const ui = renderUi(<AgentView state={s} commands={cmd} silent />);
      s = desktopReducer(s, { type: 'call', call: { ...s.call!, state: 'transferred' as CallView['state'], lastTransfer: { by: '1001', to, at: Date.now() } } });
      ui.rerender(<AgentView state={s} commands={cmd} silent />);
      await waitFor(() => assert.equal(ui.getByTestId(`wrap-disposition-${expected}`).closest('label')?.classList.contains('ant-radio-button-wrapper-checked'), true));
      fireEvent.click(ui.getByTestId('wrap-up-submit'));
      await waitFor(() => assert.deepEqual(cmd.completeWrapUp.firstCall?.args, [{ disposition: expected }]));
    });
  }

  it('every shortcut listed in the help does what it says', async () => {
    const done = new Set<string>();
    const keyOf = (chordName: string) => chordName.split('+').pop()!;
    const press = (chordName: string) =>
      chordName === '?' ? fireEvent.keyDown(window, { key: '?', shiftKey: true }) : fireEvent.keyDown(window, { key: keyOf(chordName) === 'enter' ? 'Enter' : keyOf(chordName).toUpperCase(), ctrlKey: true, shiftKey: true });

    // Ringing: accept, reject.
    let cmd = commands();
    let ui = renderUi(<AgentView state={ringing()} commands={cmd} silent />);
    press('ctrl+shift+a');
    await waitFor(() => assert.equal(cmd.accept.callCount, 1));
    done.add('accept');
    press('ctrl+shift+r');
    await waitFor(() => assert.equal(cmd.reject.callCount, 1));
    done.add('reject');
    ui.unmount();

    // Live call: hold, hang up, transfer (focus lands in the transfer panel), conference, available, break, help.
    cmd = commands();
    ui = renderUi(<AgentView state={onCall(false)} commands={cmd} silent />);
    press('ctrl+shift+h');
    await waitFor(() => assert.equal(cmd.hold.callCount, 1));
    done.add('hold');
    press('ctrl+shift+e');
    await waitFor(() => assert.equal(cmd.hangup.callCount, 1));
    done.add('hangup');
    press('ctrl+shift+t');
    assert.ok(ui.getByTestId('transfer-panel').contains(document.activeElement), 'Ctrl+Shift+T focuses the transfer panel');
    assert.equal(document.activeElement?.tagName, 'INPUT');
    done.add('transfer');
    press('ctrl+shift+k');
    assert.equal(document.activeElement, ui.getByTestId('conference-number'));
    done.add('conference');
    press('ctrl+shift+y');
    await waitFor(() => assert.equal(cmd.setAvailable.callCount, 1));
    done.add('available');
    press('ctrl+shift+b');
    await waitFor(() => assert.deepEqual(cmd.setNotReady.firstCall?.args, ['break']));
    done.add('notReady');
    act(() => (document.activeElement as HTMLElement | null)?.blur());
    press('?');
    await waitFor(() => assert.ok(ui.getByTestId('shortcuts-table')));
    done.add('help');
    ui.unmount();

    // Wrap-up: complete it from anywhere.
    cmd = commands();
    const s = desktopReducer(onCall(false), { type: 'seat', seat: sampleSeat({ state: seatState('wrap-up'), callId: 'c-1', wrapUpEndsAt: Date.now() + 30_000 }) });
    ui = renderUi(<AgentView state={s} commands={cmd} silent />);
    press('ctrl+shift+enter');
    await waitFor(() => assert.equal(cmd.completeWrapUp.callCount, 1));
    done.add('wrapUp');

    await act(() => new Promise((r) => setTimeout(r, 0))); // the command's busy flag settles
    assert.deepEqual([...done].sort(), AGENT_SHORTCUTS.map((x) => x.action).sort(), 'each shortcut in the help was exercised');
  });
});

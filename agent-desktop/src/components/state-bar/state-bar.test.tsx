import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { act, fireEvent } from '@testing-library/react';
import { renderUi } from '../../test-setup/render.js';
import { sampleSeat } from '../../test-setup/sample-data.js';
import type { SeatView } from '../../api/types.js';
import { StateBar } from './state-bar.js';

const REASONS = ['break', 'meal', 'training', 'missed-offer'];
const state = (s: string) => s as SeatView['state'];

describe('agent-desktop: state bar', () => {
  useDom();
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  it('offers the configured not-ready reasons as one-click actions, but not the system ones', () => {
    const onNotReady = sinon.spy();
    const ui = renderUi(<StateBar seat={sampleSeat()} centreMode="office" reasons={REASONS} onAvailable={() => undefined} onNotReady={onNotReady} />);
    assert.ok(ui.getByTestId('not-ready-break'));
    assert.ok(ui.getByTestId('not-ready-training'));
    assert.equal(ui.queryByTestId('not-ready-missed-offer'), null);
    fireEvent.click(ui.getByTestId('not-ready-meal'));
    assert.deepEqual(onNotReady.firstCall.args, ['meal']);
    assert.equal((ui.getByTestId('go-available') as HTMLButtonElement).disabled, true, 'already available');
    assert.match(ui.getByTestId('seat-state').textContent ?? '', /就绪/);
  });

  it('shows the not-ready reason in words — including a missed offer — and lets the agent go available', () => {
    const onAvailable = sinon.spy();
    const seat = sampleSeat({ state: state('not-ready'), notReadyReason: 'missed-offer' });
    const ui = renderUi(<StateBar seat={seat} centreMode="office" reasons={REASONS} onAvailable={onAvailable} onNotReady={() => undefined} />);
    assert.match(ui.getByTestId('seat-state').textContent ?? '', /未就绪 · 未接来电/);
    const go = ui.getByTestId('go-available') as HTMLButtonElement;
    assert.equal(go.disabled, false);
    fireEvent.click(go);
    assert.equal(onAvailable.callCount, 1);
  });

  it('a pause after a switch fault says so, and that it ends by itself; it is not a reason anyone picks', () => {
    const seat = sampleSeat({ state: state('not-ready'), notReadyReason: 'switch-fault' });
    const ui = renderUi(<StateBar seat={seat} centreMode="office" reasons={[...REASONS, 'switch-fault']} onAvailable={() => undefined} onNotReady={() => undefined} />);
    assert.match(ui.getByTestId('seat-state').textContent ?? '', /未就绪 · 线路故障，稍后自动就绪/);
    assert.equal(ui.queryByTestId('not-ready-switch-fault'), null);
  });

  it('counts the wrap-up down as time passes and allows no state pick during it', () => {
    clock = sinon.useFakeTimers({ now: Date.UTC(2024, 8, 6, 2, 0, 0), toFake: ['Date', 'setInterval', 'clearInterval'] });
    const seat = sampleSeat({ state: state('wrap-up'), stateSince: Date.now(), wrapUpEndsAt: Date.now() + 30_000, callId: 'c-1' });
    const ui = renderUi(<StateBar seat={seat} centreMode="office" reasons={REASONS} onAvailable={() => undefined} onNotReady={() => undefined} />);
    assert.match(ui.getByTestId('wrap-up-countdown').textContent ?? '', /整理剩余 0:30/);
    act(() => void clock!.tick(10_000));
    assert.match(ui.getByTestId('wrap-up-countdown').textContent ?? '', /整理剩余 0:20/);
    act(() => void clock!.tick(25_000));
    assert.match(ui.getByTestId('wrap-up-countdown').textContent ?? '', /整理剩余 0:00/, 'never negative');
    assert.equal((ui.getByTestId('go-available') as HTMLButtonElement).disabled, true);
    assert.equal((ui.getByTestId('not-ready-break') as HTMLButtonElement).disabled, true);
  });

  it('always shows the centre mode, and the surge preset when one is on', () => {
    const ui = renderUi(
      <StateBar seat={sampleSeat({ contactMode: 'home' })} centreMode="home" presetName="台风预案" reasons={REASONS} onAvailable={() => undefined} onNotReady={() => undefined} />,
    );
    const mode = ui.getByTestId('centre-mode');
    assert.match(mode.textContent ?? '', /居家坐席/);
    assert.match(mode.textContent ?? '', /台风预案/);
  });

  it('speaks English when switched', () => {
    const seat = sampleSeat({ state: state('not-ready'), notReadyReason: 'meal' });
    const ui = renderUi(<StateBar seat={seat} centreMode="office" reasons={REASONS} onAvailable={() => undefined} onNotReady={() => undefined} />, 'en');
    assert.match(ui.getByTestId('seat-state').textContent ?? '', /Not ready · Meal/);
    assert.match(ui.getByTestId('centre-mode').textContent ?? '', /Office seats/);
  });
});

import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { fireEvent, waitFor, within } from '@testing-library/react';
import { renderUi } from '../../test-setup/render.js';
import { sampleSeat } from '../../test-setup/sample-data.js';
import { SeatList } from './seat-list.js';
import { CommandError } from '../../i18n/error-text.js';

const SEATS = [
  sampleSeat({ id: '1001', name: '阿依古丽', hasHomeContact: true }),
  sampleSeat({ id: '1004', name: '李明', hasHomeContact: false }),
  sampleSeat({ id: '1007', name: '王芳', hasHomeContact: true, modeOverride: 'home', contactMode: 'home' }),
];

function renderList(onSeatMode: sinon.SinonStub, lng: 'zh-CN' | 'en' = 'zh-CN') {
  return renderUi(
    <SeatList seats={SEATS} reasons={['break']} onForce={() => undefined} centreMode="office" onSeatMode={onSeatMode} />,
    lng,
  );
}

const radio = (ui: ReturnType<typeof renderList>, seatId: string, choice: string) =>
  within(ui.getByTestId(`seat-mode-dialog-${seatId}`)).getByRole('radio', { name: new RegExp(`^\\s*${choice}\\s*$`) }) as HTMLInputElement;

describe('agent-desktop: per-seat home-seat override', () => {
  useDom();

  it('shows per seat whether it follows the centre or is overridden', () => {
    const ui = renderList(sinon.stub().resolves());
    assert.match(ui.getByTestId('seat-mode-open-1001').textContent ?? '', /跟随中心/);
    assert.match(ui.getByTestId('seat-mode-open-1007').textContent ?? '', /单独：居家坐席/);
  });

  it('keeps confirm disabled until a reason is typed, then sends seat, mode and reason', async () => {
    const onSeatMode = sinon.stub().resolves();
    const ui = renderList(onSeatMode);
    fireEvent.click(ui.getByTestId('seat-mode-open-1001'));
    const confirm = () => ui.getByTestId('seat-mode-confirm-1001') as HTMLButtonElement;
    assert.equal(radio(ui, '1001', '居家坐席').disabled, false);
    fireEvent.click(radio(ui, '1001', '居家坐席'));
    assert.equal(confirm().disabled, true, 'no switch without a reason');
    assert.ok(ui.getByTestId('seat-mode-reason-hint-1001'));
    fireEvent.change(ui.getByTestId('seat-mode-reason-1001'), { target: { value: '  ' } });
    assert.equal(confirm().disabled, true, 'blank is not a reason');
    fireEvent.change(ui.getByTestId('seat-mode-reason-1001'), { target: { value: ' 家中有事，今日居家 ' } });
    assert.equal(confirm().disabled, false);
    fireEvent.click(confirm());
    await waitFor(() => assert.equal(onSeatMode.callCount, 1));
    assert.deepEqual(onSeatMode.firstCall.args, ['1001', 'home', '家中有事，今日居家']);
  });

  it('cannot set a seat with no home contact to home, and says why in words', () => {
    const ui = renderList(sinon.stub().resolves());
    fireEvent.click(ui.getByTestId('seat-mode-open-1004'));
    const home = radio(ui, '1004', '居家坐席');
    assert.equal(home.disabled, true);
    const hint = ui.getByTestId('seat-mode-no-home-contact-1004');
    assert.match(hint.textContent ?? '', /没有居家联系方式/);
    assert.equal(home.getAttribute('aria-describedby'), hint.id, 'the reason is tied to the disabled choice');
    fireEvent.click(home);
    fireEvent.change(ui.getByTestId('seat-mode-reason-1004'), { target: { value: '试试' } });
    assert.equal((ui.getByTestId('seat-mode-confirm-1004') as HTMLButtonElement).disabled, true);
    // office stays possible for that seat
    fireEvent.click(radio(ui, '1004', '办公室坐席'));
    assert.equal((ui.getByTestId('seat-mode-confirm-1004') as HTMLButtonElement).disabled, false);
  });

  it('returns an overridden seat to the centre mode as a null mode, in English too', async () => {
    const onSeatMode = sinon.stub().resolves();
    const ui = renderList(onSeatMode, 'en');
    assert.match(ui.getByTestId('seat-mode-open-1007').textContent ?? '', /Override: Home seats/);
    fireEvent.click(ui.getByTestId('seat-mode-open-1007'));
    assert.equal(radio(ui, '1007', 'Home seats').checked, true, 'the dialog starts at the current override');
    assert.equal((ui.getByTestId('seat-mode-confirm-1007') as HTMLButtonElement).disabled, true, 'nothing changed yet');
    fireEvent.click(radio(ui, '1007', 'Follow the centre mode \\(now: Office seats\\)'));
    fireEvent.change(ui.getByTestId('seat-mode-reason-1007'), { target: { value: 'back at the centre' } });
    fireEvent.click(ui.getByTestId('seat-mode-confirm-1007'));
    await waitFor(() => assert.equal(onSeatMode.callCount, 1));
    assert.deepEqual(onSeatMode.firstCall.args, ['1007', null, 'back at the centre']);
  });

  it('shows the bridge refusing the override and keeps the dialog open', async () => {
    const onSeatMode = sinon.stub().rejects(new CommandError('forbidden', 'only a lead switches home-seat mode'));
    const ui = renderList(onSeatMode);
    fireEvent.click(ui.getByTestId('seat-mode-open-1001'));
    fireEvent.click(radio(ui, '1001', '居家坐席'));
    fireEvent.change(ui.getByTestId('seat-mode-reason-1001'), { target: { value: 'drill' } });
    fireEvent.click(ui.getByTestId('seat-mode-confirm-1001'));
    await waitFor(() => assert.match(ui.getByTestId('seat-mode-error-1001').textContent ?? '', /您无权执行此操作/));
    assert.ok(ui.getByTestId('seat-mode-reason-1001'));
  });
});

import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { act, fireEvent, waitFor } from '@testing-library/react';
import { renderUi } from '../../test-setup/render.js';
import { samplePreflight } from '../../test-setup/sample-data.js';
import type { PreflightReport } from '../../api/types.js';
import { HomeSeatSwitch } from './home-seat-switch.js';
import { CommandError } from '../../i18n/error-text.js';

const PRESETS = [{ id: 'typhoon', name: '台风预案' }];

describe('agent-desktop: home-seat switch', () => {
  useDom();

  it('runs the pre-flight for home mode and lists the seats with no home contact before confirming', async () => {
    let resolve!: (r: PreflightReport) => void;
    const onPreflight = sinon.stub().returns(new Promise<PreflightReport>((r) => (resolve = r)));
    const onConfirm = sinon.stub().resolves();
    const ui = renderUi(<HomeSeatSwitch centreMode="office" activePreset={null} presets={PRESETS} onPreflight={onPreflight} onConfirm={onConfirm} />);
    fireEvent.click(ui.getByTestId('home-switch-open'));
    assert.deepEqual(onPreflight.firstCall.args, ['home']);
    assert.equal((ui.getByTestId('home-switch-confirm') as HTMLButtonElement).disabled, true, 'nothing to confirm before the pre-flight');
    await act(async () => resolve(samplePreflight()));
    const seats = ui.getAllByTestId('preflight-seat').map((li) => li.textContent);
    assert.deepEqual(seats, ['1004 李明', '1009 张伟']);
    assert.match(ui.getByTestId('preflight-unreachable').textContent ?? '', /1011 赵静/);
    assert.match(ui.getByTestId('home-preflight').textContent ?? '', /9 个坐席可正常振铃/);
    assert.equal(onConfirm.callCount, 0);
  });

  it('keeps confirm disabled until a reason is typed, then sends mode, preset and reason', async () => {
    const onPreflight = sinon.stub().resolves(samplePreflight());
    const onConfirm = sinon.stub().resolves();
    const ui = renderUi(<HomeSeatSwitch centreMode="office" activePreset={null} presets={PRESETS} onPreflight={onPreflight} onConfirm={onConfirm} />);
    fireEvent.click(ui.getByTestId('home-switch-open'));
    await waitFor(() => assert.ok(ui.getByTestId('preflight-no-home-contact')));
    const confirm = () => ui.getByTestId('home-switch-confirm') as HTMLButtonElement;
    assert.equal(confirm().disabled, true);
    assert.ok(ui.getByTestId('home-switch-reason-hint'));
    fireEvent.change(ui.getByTestId('home-switch-reason'), { target: { value: '   ' } });
    assert.equal(confirm().disabled, true, 'blank is not a reason');
    fireEvent.click(ui.getByText('台风预案'));
    fireEvent.change(ui.getByTestId('home-switch-reason'), { target: { value: '台风红色预警' } });
    assert.equal(confirm().disabled, false);
    fireEvent.click(confirm());
    await waitFor(() => assert.equal(onConfirm.callCount, 1));
    assert.deepEqual(onConfirm.firstCall.args[0], { mode: 'home', presetId: 'typhoon', reason: '台风红色预警' });
  });

  it('switches back to the office with a pre-flight for office mode and no preset choice', async () => {
    const onPreflight = sinon.stub().resolves(samplePreflight({ targetMode: 'office', noHomeContact: [], unreachable: [], ready: 12 }));
    const onConfirm = sinon.stub().resolves();
    const ui = renderUi(<HomeSeatSwitch centreMode="home" activePreset="typhoon" presets={PRESETS} onPreflight={onPreflight} onConfirm={onConfirm} />);
    assert.match(ui.getByTestId('home-seat-switch').textContent ?? '', /居家坐席.*台风预案/);
    fireEvent.click(ui.getByTestId('home-switch-open'));
    assert.deepEqual(onPreflight.firstCall.args, ['office']);
    await waitFor(() => assert.ok(ui.getByText('所有坐席都有可用的联系方式')));
    assert.equal(ui.queryByTestId('home-switch-preset'), null);
    fireEvent.change(ui.getByTestId('home-switch-reason'), { target: { value: '预警解除' } });
    fireEvent.click(ui.getByTestId('home-switch-confirm'));
    await waitFor(() => assert.equal(onConfirm.callCount, 1));
    assert.deepEqual(onConfirm.firstCall.args[0], { mode: 'office', presetId: null, reason: '预警解除' });
  });

  it('shows the bridge refusing the switch and keeps the dialog open', async () => {
    const onPreflight = sinon.stub().resolves(samplePreflight());
    const onConfirm = sinon.stub().rejects(new CommandError('forbidden', 'only a lead switches home-seat mode'));
    const ui = renderUi(<HomeSeatSwitch centreMode="office" activePreset={null} presets={[]} onPreflight={onPreflight} onConfirm={onConfirm} />);
    fireEvent.click(ui.getByTestId('home-switch-open'));
    await waitFor(() => assert.ok(ui.getByTestId('preflight-no-home-contact')));
    fireEvent.change(ui.getByTestId('home-switch-reason'), { target: { value: 'drill' } });
    fireEvent.click(ui.getByTestId('home-switch-confirm'));
    await waitFor(() => assert.match(ui.getByTestId('home-switch-error').textContent ?? '', /您无权执行此操作/));
    assert.ok(ui.getByTestId('home-switch-reason'));
  });
});

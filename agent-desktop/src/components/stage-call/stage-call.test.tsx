import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { fireEvent, waitFor } from '@testing-library/react';
import { renderUi } from '../../test-setup/render.js';
import { StageCall } from './stage-call.js';

const LAB = {
  demoCallers: [
    { id: 'kazakhSpeaker', number: '18099060002' },
    { id: 'repeatCaller', number: '13909910006' },
    { id: 'repeatComplainant', number: '13709980003' },
  ],
  dialledNumbers: [
    { did: '12345', label: '12345 政务服务便民热线' },
    { did: '12333', label: '12333 人社服务热线' },
  ],
};

async function choose(ui: ReturnType<typeof renderUi>, testId: string, title: string) {
  fireEvent.mouseDown(ui.getByTestId(testId).querySelector('.ant-select-selector')!);
  await waitFor(() => assert.ok(document.querySelector(`.ant-select-item-option[title="${title}"]`), title));
  fireEvent.click(document.querySelector(`.ant-select-item-option[title="${title}"]`)!);
}

describe('agent-desktop: stage a call (lab)', () => {
  useDom();

  it('stages a demo caller named by the flags their history shows, on the chosen line, as an unverified number', async () => {
    const onStage = sinon.stub().resolves({ callId: 'lab-1' });
    const ui = renderUi(<StageCall lab={LAB} onStage={onStage} />);
    await choose(ui, 'stage-demo', '一人多次 · 一事多人 · 催办 · 13909910006');
    assert.equal((ui.getByTestId('stage-caller') as HTMLInputElement).value, '13909910006');
    await choose(ui, 'stage-dialled', '12333 人社服务热线');
    const trusted = ui.getByTestId('stage-trusted');
    fireEvent.click(trusted.tagName === 'INPUT' ? trusted : trusted.querySelector('input')!);
    fireEvent.click(ui.getByTestId('stage-go'));
    await waitFor(() => assert.deepEqual(onStage.firstCall?.args, [{ callerNumber: '13909910006', dialledNumber: '12333', trusted: false }]));
    await waitFor(() => assert.match(document.body.textContent ?? '', /已发起模拟来电 lab-1/));
  });

  it('sends a language hint, refuses a malformed number, and shows the bridge refusing', async () => {
    const onStage = sinon.stub().rejects(new Error('the bridge is shutting down: no new calls'));
    const ui = renderUi(<StageCall lab={LAB} onStage={onStage} />);
    fireEvent.change(ui.getByTestId('stage-caller'), { target: { value: '12ab' } });
    assert.equal((ui.getByTestId('stage-go') as HTMLButtonElement).disabled, true);
    fireEvent.change(ui.getByTestId('stage-caller'), { target: { value: '09061234567' } });
    await choose(ui, 'stage-language', '哈萨克语');
    fireEvent.click(ui.getByTestId('stage-go'));
    await waitFor(() => assert.deepEqual(onStage.firstCall?.args, [{ callerNumber: '09061234567', dialledNumber: '12345', trusted: true, hints: { language: 'kk' } }]));
    await waitFor(() => assert.match(ui.getByTestId('stage-error').textContent ?? '', /shutting down/));
  });
});

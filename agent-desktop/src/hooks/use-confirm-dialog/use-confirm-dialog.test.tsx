import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import { act, renderHook } from '@testing-library/react';
import { useConfirmDialog } from './use-confirm-dialog.js';

describe('agent-desktop: useConfirmDialog', () => {
  useDom();

  it('closes the dialog only when the command succeeded', async () => {
    const { result } = renderHook(() => useConfirmDialog());
    act(() => result.current.show());
    assert.equal(result.current.open, true);
    await act(async () => result.current.submit(() => Promise.resolve()));
    assert.equal(result.current.open, false);
    assert.equal(result.current.saving, false);
  });

  it('keeps the dialog open with the refusal shown, and clears it on the next try', async () => {
    const { result } = renderHook(() => useConfirmDialog());
    act(() => result.current.show());
    await act(async () => result.current.submit(() => Promise.reject(new Error('reason required'))));
    assert.equal(result.current.open, true);
    assert.equal(result.current.error, 'reason required');
    let finish!: () => void;
    act(() => result.current.submit(() => new Promise<void>((r) => (finish = r))));
    assert.equal(result.current.saving, true, 'confirm is disabled while the bridge answers');
    assert.equal(result.current.error, null);
    await act(async () => finish());
    assert.equal(result.current.open, false);
  });
});

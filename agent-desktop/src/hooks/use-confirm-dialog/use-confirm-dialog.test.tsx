import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { useConfirmDialog } from './use-confirm-dialog.js';
import { AppProviders } from '../../app-providers.js';
import { createI18n } from '../../i18n/i18n.js';
import { CommandError } from '../../i18n/error-text.js';

const wrapper = ({ children }: { children: ReactNode }) => <AppProviders i18n={createI18n('zh-CN')}>{children}</AppProviders>;

describe('agent-desktop: useConfirmDialog', () => {
  useDom();

  it('closes the dialog only when the command succeeded', async () => {
    const { result } = renderHook(() => useConfirmDialog(), { wrapper });
    act(() => result.current.show());
    assert.equal(result.current.open, true);
    await act(async () => result.current.submit(() => Promise.resolve()));
    assert.equal(result.current.open, false);
    assert.equal(result.current.saving, false);
  });

  it('keeps the dialog open with the refusal shown, and clears it on the next try', async () => {
    const { result } = renderHook(() => useConfirmDialog(), { wrapper });
    act(() => result.current.show());
    await act(async () => result.current.submit(() => Promise.reject(new CommandError('invalid-input', 'reason: Required'))));
    assert.equal(result.current.open, true);
    assert.equal(result.current.error, '输入的内容不符合要求', 'the refusal in the UI language, not the hub\'s English');
    let finish!: () => void;
    act(() => result.current.submit(() => new Promise<void>((r) => (finish = r))));
    assert.equal(result.current.saving, true, 'confirm is disabled while the bridge answers');
    assert.equal(result.current.error, null);
    await act(async () => finish());
    assert.equal(result.current.open, false);
  });
});

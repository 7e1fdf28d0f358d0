import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import { fireEvent, waitFor } from '@testing-library/react';
import { renderUi } from '../../test-setup/render.js';
import { LoginForm } from './login-form.js';

const noLogin = async () => undefined;

describe('agent-desktop: login form', () => {
  useDom();

  it('says nothing about an earlier session on a first visit', () => {
    const ui = renderUi(<LoginForm onLogin={noLogin} />);
    assert.equal(ui.queryByTestId('login-session-ended'), null);
  });

  for (const [reason, zh, en] of [
    ['expired', '登录已过期', 'Your session expired'],
    ['revoked', '值班长或管理员结束', 'ended your session'],
    ['logout', '其他窗口退出登录', 'logged out in another window'],
    ['unknown', '登录已失效', 'no longer valid'],
  ] as const) {
    it(`a session that ended (${reason}) is explained, in zh-CN and in English`, () => {
      const zhUi = renderUi(<LoginForm onLogin={noLogin} ended={reason} />);
      assert.match(zhUi.getByTestId('login-session-ended').textContent ?? '', new RegExp(zh));
      zhUi.unmount();
      const enUi = renderUi(<LoginForm onLogin={noLogin} ended={reason} />, 'en');
      assert.match(enUi.getByTestId('login-session-ended').textContent ?? '', new RegExp(en));
    });
  }

  it('a failed new login replaces the notice with its own error', async () => {
    const ui = renderUi(<LoginForm onLogin={async () => Promise.reject(new Error('工号或密码错误'))} ended="revoked" />);
    fireEvent.change(ui.getByTestId('login-user'), { target: { value: 'S01' } });
    fireEvent.change(ui.getByTestId('login-password'), { target: { value: 'nope' } });
    fireEvent.submit(ui.getByTestId('login-form'));
    await waitFor(() => assert.ok(ui.getByTestId('login-error')));
    assert.equal(ui.queryByTestId('login-session-ended'), null);
  });
});

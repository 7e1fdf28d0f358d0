import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import { renderUi } from '../../test-setup/render.js';
import type { WhyWaiting } from '../../api/types.js';
import { WhyWaitingText } from './why-waiting.js';

const none = { total: 0, loggedIn: 0, free: 0, notReady: 0 };
const desks = { tourism: '旅游专席', general: '综合受理' };

function text(why: WhyWaiting, language = 'zh', desk = 'general', lng: 'zh-CN' | 'en' = 'zh-CN'): string {
  const ui = renderUi(<WhyWaitingText why={why} language={language} desk={desk} at={0} deskNames={desks} />, lng);
  const said = ui.getByTestId('wb-why').textContent ?? '';
  ui.unmount();
  return said;
}

describe('agent-desktop: why calls wait', () => {
  useDom();

  it('a closed desk names where its new calls go', () => {
    const why: WhyWaiting = { reason: { kind: 'desk-closed', fallbackDesk: 'general' }, eligible: none, next: null, handedOverFrom: [] };
    assert.equal(text(why, 'zh', 'tourism'), '旅游专席非服务时段 → 新来电转综合受理');
    assert.equal(text(why, 'zh', 'tourism', 'en'), '旅游专席 is closed → new calls go to 综合受理');
  });

  it('no speaker at all differs from speakers who are not logged in', () => {
    const why = (configured: number): WhyWaiting => ({ reason: { kind: 'no-speaker', language: 'ug', configured }, eligible: none, next: null, handedOverFrom: [] });
    assert.equal(text(why(0), 'ug'), '没有会维吾尔语的坐席');
    assert.equal(text(why(3), 'ug', 'general', 'en'), 'None of the 3 Uyghur-speaking seats is logged in');
  });

  it('seats on a break are told apart from busy ones; calls handed over from a closed desk say so', () => {
    const why: WhyWaiting = {
      reason: { kind: 'all-busy', busy: 2, notReady: 1 },
      eligible: { total: 3, loggedIn: 3, free: 0, notReady: 1 },
      next: { at: 0, afterSeconds: 60, widen: 'any-seat', seats: 10, free: 4 },
      handedOverFrom: ['tourism'],
    };
    assert.equal(text(why), '可接坐席无空闲（忙 2 个，未就绪 1 个） · 1:00 扩展：其他任意坐席 10 个，现空闲 4 个 · 含旅游专席非服务时段转来的来电');
  });
});

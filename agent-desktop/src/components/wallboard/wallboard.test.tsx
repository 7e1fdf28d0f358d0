import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import { within } from '@testing-library/react';
import { renderUi } from '../../test-setup/render.js';
import type { WaitingGroup, WallboardView } from '../../api/types.js';
import { Wallboard } from './wallboard.js';
import { sampleServiceLevel } from '../service-level/sample-service-level.js';

const busy: WaitingGroup['why'] = { reason: { kind: 'all-busy', busy: 3, notReady: 0 }, eligible: { total: 3, loggedIn: 3, free: 0, notReady: 0 }, next: null, handedOverFrom: [] };

function board(over: Partial<WallboardView> = {}): WallboardView {
  return {
    at: 0,
    centreMode: 'office',
    activePreset: null,
    waiting: [
      { language: 'zh', desk: 'general', count: 5, longestWaitSeconds: 48, why: busy },
      { language: 'kk', desk: 'general', count: 2, longestWaitSeconds: 75, why: { ...busy, reason: { kind: 'no-speaker', language: 'kk', configured: 2 } } },
      { language: 'zh', desk: 'social-security', count: 3,
        longestWaitSeconds: 20,
        why: { reason: { kind: 'widening' }, eligible: { total: 1, loggedIn: 1, free: 0, notReady: 0 }, next: { at: 12_000, afterSeconds: 30, widen: 'any-desk', seats: 4, free: 3 }, handedOverFrom: [] },
      },
    ],
    waitingTotal: 10,
    longestWaitSeconds: 75,
    seatsByState: { offline: 1, available: 2, 'not-ready': 1, reserved: 1, 'on-call': 2, 'wrap-up': 1 } as WallboardView['seatsByState'],
    arrivedToday: 120,
    answeredToday: 104,
    abandonedToday: 6,
    answerRate: 0.9454,
    serviceLevel: 0.81,
    service: sampleServiceLevel(),
    drain: null,
    ...over,
  };
}

describe('agent-desktop: wallboard', () => {
  useDom();

  it('shows the headline numbers a lead reads at a glance', () => {
    const ui = renderUi(<Wallboard board={board()} />);
    assert.match(ui.getByTestId('wb-waiting').textContent ?? '', /10/);
    assert.match(ui.getByTestId('wb-longest-wait').textContent ?? '', /1:15/);
    assert.match(ui.getByTestId('wb-answered').textContent ?? '', /104/);
    assert.match(ui.getByTestId('wb-abandoned').textContent ?? '', /6/);
    assert.match(ui.getByTestId('wb-answer-rate').textContent ?? '', /94\.5%/);
    assert.match(ui.getByTestId('wb-service-level').textContent ?? '', /81\.0%/);
  });

  it('lists waiting calls by language and desk, longest wait first, with desk names', () => {
    const ui = renderUi(<Wallboard board={board()} deskNames={{ general: '综合受理', 'social-security': '社保专席' }} />);
    const rows = ui.getAllByTestId('wb-waiting-group').map((r) => r.textContent);
    assert.deepEqual(rows, [
      '哈萨克语综合受理21:15会哈萨克语的 2 个坐席均未登录',
      '普通话综合受理50:48可接坐席全忙（3 个）',
      '普通话社保专席30:20等待扩展（排队满 0:30） · 0:30 扩展：任意专席会普通话的坐席 4 个，现空闲 3 个（还有 12 秒）',
    ]);
  });

  it('says in English why each group waits and what the next widening brings', () => {
    const ui = renderUi(<Wallboard board={board()} deskNames={{ general: 'General', 'social-security': 'Social security' }} />, 'en');
    const why = ui.getAllByTestId('wb-why').map((r) => r.textContent);
    assert.deepEqual(why, [
      'None of the 2 Kazakh-speaking seats is logged in',
      'All eligible seats busy (3)',
      'Waiting for widening at 0:30 in the queue · at 0:30 widening: Mandarin seats on any desk: 4, 3 free now (in 12 s)',
    ]);
  });

  it('gives every chart its numbers in words too (sums by language, seats by state)', () => {
    const ui = renderUi(<Wallboard board={board()} />);
    const lang = within(ui.getByTestId('wb-by-language')).getByRole('table');
    assert.match(lang.textContent ?? '', /普通话8/);
    assert.match(lang.textContent ?? '', /哈萨克语2/);
    const seats = within(ui.getByTestId('wb-seats-by-state')).getByRole('table');
    assert.match(seats.textContent ?? '', /就绪2/);
    assert.match(seats.textContent ?? '', /通话中2/);
  });

  it('says so when nobody is waiting instead of drawing empty charts', () => {
    const ui = renderUi(<Wallboard board={board({ waiting: [], waitingTotal: 0, longestWaitSeconds: 0 })} />);
    assert.equal(ui.queryByTestId('wb-by-language'), null);
    assert.equal(ui.queryByTestId('wb-waiting-groups'), null);
    assert.ok(ui.getAllByText(/当前无排队来电/).length >= 1);
  });
});

import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import { fireEvent, waitFor, within } from '@testing-library/react';
import type { SeatView } from '../../api/types.js';
import { renderUi } from '../../test-setup/render.js';
import { sampleSeat } from '../../test-setup/sample-data.js';
import { SeatList } from './seat-list.js';

const state = (s: string) => s as SeatView['state'];
/** A 72-seat centre like the lab's: Mandarin seats, every eighth Kazakh, a few on a break. */
const SEATS: SeatView[] = Array.from({ length: 72 }, (_, i) => {
  const id = `S${String(i + 1).padStart(2, '0')}`;
  return sampleSeat({
    id,
    name: i === 6 ? '李娜' : `坐席${i + 1}`,
    languages: i % 8 === 0 ? ['zh', 'kk'] : ['zh'],
    desks: i % 10 === 0 ? ['general', 'social-security'] : ['general'],
    state: state(i % 9 === 0 ? 'not-ready' : 'available'),
    ...(i % 9 === 0 ? { notReadyReason: 'break' } : {}),
  });
});
const DESKS = { general: '综合受理', 'social-security': '社保专席' };

const rows = (ui: ReturnType<typeof renderUi>) => ui.container.querySelectorAll('tr[data-testid^="seat-row-"]');

async function pick(ui: ReturnType<typeof renderUi>, testId: string, option: string) {
  const select = ui.getByTestId(testId);
  fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
  await waitFor(() => assert.ok(document.querySelector(`.ant-select-item-option[title="${option}"]`), option));
  fireEvent.click(document.querySelector(`.ant-select-item-option[title="${option}"]`)!);
}

describe('agent-desktop: seat list', function () {
  // A 72-row antd table in jsdom takes seconds to render on a busy machine.
  this.timeout(60_000);
  useDom();

  it('shows all 72 seats in one scrolling table — no pages', () => {
    const ui = renderUi(<SeatList seats={SEATS} reasons={['break']} deskNames={DESKS} onForce={() => undefined} />);
    assert.equal(rows(ui).length, 72);
    assert.equal(ui.container.querySelector('.ant-pagination'), null);
    assert.ok(ui.container.querySelector('.ant-table-body'), 'the rows scroll under a fixed header');
    assert.match(ui.getByTestId('seat-count').textContent ?? '', /72 \/ 72/);
  });

  it('finds a seat by name or id, and filters by state, language and desk', async () => {
    // 45 seats are enough to filter (and keep jsdom quick); the 72 are checked above.
    const ui = renderUi(<SeatList seats={SEATS.slice(0, 45)} reasons={['break']} deskNames={DESKS} onForce={() => undefined} />);
    fireEvent.change(ui.getByPlaceholderText('搜索工号或姓名'), { target: { value: '李娜' } });
    assert.deepEqual([...rows(ui)].map((r) => r.getAttribute('data-testid')), ['seat-row-S07']);
    fireEvent.change(ui.getByPlaceholderText('搜索工号或姓名'), { target: { value: 's4' } });
    assert.deepEqual([...rows(ui)].map((r) => r.getAttribute('data-testid')), ['seat-row-S40', 'seat-row-S41', 'seat-row-S42', 'seat-row-S43', 'seat-row-S44', 'seat-row-S45']);
    fireEvent.change(ui.getByPlaceholderText('搜索工号或姓名'), { target: { value: '' } });

    await pick(ui, 'seat-filter-language', '哈萨克语');
    assert.equal(rows(ui).length, 6);
    await pick(ui, 'seat-filter-desk', '社保专席');
    // Kazakh (every 8th) and social security (every 10th): seats 1 and 41.
    assert.deepEqual([...rows(ui)].map((r) => r.getAttribute('data-testid')), ['seat-row-S01', 'seat-row-S41']);
    await pick(ui, 'seat-filter-state', '未就绪');
    assert.deepEqual([...rows(ui)].map((r) => r.getAttribute('data-testid')), ['seat-row-S01']);
    assert.match(ui.getByTestId('seat-count').textContent ?? '', /1 \/ 45/);
  });

  it('never breaks a language or desk name in the middle: each name is one no-break piece (white-space: nowrap in styles.css)', async () => {
    const css = (await import('node:fs')).readFileSync(new URL('../../styles.css', import.meta.url), 'utf8');
    assert.match(css, /\.no-break\s*\{\s*white-space:\s*nowrap/);
    const ui = renderUi(<SeatList seats={SEATS.slice(0, 1)} reasons={['break']} deskNames={DESKS} onForce={() => undefined} />, 'en');
    const row = ui.getByTestId('seat-row-S01');
    const pieces = [...row.querySelectorAll('.no-break')].map((e) => e.textContent?.replace(/、$/, ''));
    assert.deepEqual(pieces, ['Mandarin', 'Kazakh', '综合受理', '社保专席']);
  });

  it('a seat in home mode without a home contact shows one clear warning, not two contradicting tags', () => {
    const seats = [
      sampleSeat({ id: 'S01', contactMode: 'home', hasHomeContact: false }),
      sampleSeat({ id: 'S02', contactMode: 'office', hasHomeContact: false }),
      sampleSeat({ id: 'S03', contactMode: 'home', hasHomeContact: true }),
    ];
    const ui = renderUi(<SeatList seats={seats} reasons={['break']} onForce={() => undefined} />);
    const s01 = ui.getByTestId('seat-row-S01');
    assert.match(within(s01).getByTestId('seat-contact-warning-S01').textContent ?? '', /居家模式但没有居家联系方式：不会振铃/);
    assert.equal(within(s01).queryByTestId('seat-contact-S01'), null, 'no "居家" tag beside it');
    assert.doesNotMatch(s01.textContent ?? '', /无居家联系方式/);
    assert.equal(ui.queryByTestId('seat-contact-warning-S02'), null, 'an office seat is not warned');
    assert.equal(ui.queryByTestId('seat-contact-warning-S03'), null);
    assert.match(ui.getByTestId('seat-contact-S03').textContent ?? '', /居家/);
  });
});

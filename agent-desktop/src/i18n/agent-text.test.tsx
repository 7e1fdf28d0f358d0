/**
 * Agent and caller text is text (issue 9): a wrap-up category typed as `{{lng}} $t(pop.overdue)` once
 * showed to the next agent as "zh-CN 已超期". Every place that shows a data value through the
 * catalogue — pop contacts, tickets, flags, the audit trail, Not Ready reasons — must show such text
 * exactly as typed, while known ids still get their names.
 */
import { useDom } from '../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import { within } from '@testing-library/react';
import { renderUi } from '../test-setup/render.js';
import { samplePop, sampleSeat } from '../test-setup/sample-data.js';
import { ScreenPopCard } from '../components/screen-pop/screen-pop.js';
import { AuditTrail } from '../components/audit-trail/audit-trail.js';
import { SeatStateTag } from '../components/status-tag/seat-state-tag.js';
import { StateBar } from '../components/state-bar/state-bar.js';
import type { SeatView } from '../api/types.js';
import { createI18n } from './i18n.js';
import { labelOf } from './use-label.js';

const TRAPS = ['{{lng}} $t(pop.overdue)', '$t(pop.overdue)', 'pop.overdue', 'translation:pop.overdue', '{{count}} <b>x</b>', 'category.housing', 'housing.'];

describe('agent-desktop: agent text is shown as typed', () => {
  useDom();

  for (const lng of ['zh-CN', 'en'] as const) {
    it(`labelOf (${lng}): traps come back verbatim, known ids get their names`, () => {
      const i18n = createI18n(lng);
      for (const trap of TRAPS) assert.equal(labelOf(i18n.t, i18n, 'category', trap), trap);
      assert.equal(labelOf(i18n.t, i18n, 'category', 'housing'), lng === 'en' ? 'Housing' : '住房保障');
      assert.equal(labelOf(i18n.t, i18n, 'category', 'no-such-category'), 'no-such-category');
    });
  }

  for (const trap of TRAPS) {
    it(`the screen-pop shows "${trap}" verbatim as a contact's and a ticket's category, a ticket status and a flag`, () => {
      const base = samplePop();
      const pop = samplePop({
        contacts: [{ ...base.contacts[0]!, category: trap, outcome: trap }],
        tickets: [{ ...base.tickets[0]!, category: trap, status: trap, place: trap }],
        flags: [
          { kind: 'repeat-caller', category: trap, count: 6, days: 30 },
          { kind: 'same-matter', category: trap, place: trap, callers: 7, days: 3 },
        ],
      });
      const ui = renderUi(<ScreenPopCard pop={pop} />);
      const contact = ui.getByTestId('pop-contact');
      assert.equal(within(contact).getAllByText(trap, { exact: true }).length, 2, 'category and outcome cells');
      const ticket = ui.getByTestId('pop-ticket');
      assert.ok((ticket.textContent ?? '').includes(`${trap} · ${trap}`), 'category · place');
      assert.ok((ticket.textContent ?? '').includes(trap));
      assert.ok((ui.getByTestId('pop-flag-repeat-caller').textContent ?? '').includes(trap));
      assert.ok((ui.getByTestId('pop-flag-same-matter').textContent ?? '').includes(`${trap} @ ${trap}`));
      // Only the real overdue marker says 已超期: no text turned into it.
      assert.equal(ui.getAllByText('已超期').length, 1);
      assert.doesNotMatch(ui.container.textContent ?? '', /zh-CN/);
      assert.equal(ui.container.querySelector('b'), null, 'no markup made from text');
    });
  }

  it('the audit trail shows an unknown action verbatim and names known ones', () => {
    const ui = renderUi(
      <AuditTrail
        entries={[
          { at: 2, actor: 'lead1', action: '{{lng}} $t(pop.overdue)', detail: { reason: '$t(pop.overdue)' } },
          { at: 1, actor: 'auth', action: 'login-locked-out', detail: {} },
        ]}
      />,
    );
    const text = ui.getByTestId('audit-trail').textContent ?? '';
    assert.ok(text.includes('{{lng}} $t(pop.overdue)'));
    assert.ok(text.includes('原因 $t(pop.overdue)'));
    assert.ok(text.includes('登录锁定'));
    assert.doesNotMatch(text, /已超期/);
  });

  it('a Not Ready reason a lead typed shows verbatim on the seat tag and the state bar', () => {
    const trap = '{{lng}} $t(pop.overdue)';
    const tag = renderUi(<SeatStateTag state="not-ready" reason={trap} testId="tag" />);
    assert.equal(tag.getByTestId('tag').textContent, `未就绪 · ${trap}`);
    tag.unmount();
    const bar = renderUi(
      <StateBar
        seat={sampleSeat({ state: 'not-ready' as SeatView['state'], notReadyReason: trap })}
        centreMode="office"
        reasons={['break', trap]}
        onAvailable={() => undefined}
        onNotReady={() => undefined}
      />,
    );
    assert.ok((bar.getByTestId('seat-state').textContent ?? '').startsWith(`未就绪 · ${trap}`));
    assert.ok((bar.container.textContent ?? '').includes(trap));
    assert.doesNotMatch(bar.container.textContent ?? '', /已超期|zh-CN/);
  });
});

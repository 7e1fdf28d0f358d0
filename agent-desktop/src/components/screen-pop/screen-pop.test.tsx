import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import { within } from '@testing-library/react';
import { renderUi } from '../../test-setup/render.js';
import { samplePop } from '../../test-setup/sample-data.js';
import { ScreenPopCard } from './screen-pop.js';

describe('agent-desktop: screen-pop', () => {
  useDom();

  it('names the caller, the dialled line, language, desk and why the call came here', () => {
    const ui = renderUi(<ScreenPopCard pop={samplePop()} />);
    assert.equal(ui.getByTestId('pop-caller-number').textContent, '13800001234');
    assert.equal(ui.getByTestId('pop-caller-name').textContent, '王女士');
    assert.match(ui.getByTestId('pop-did').textContent ?? '', /12345 政务服务便民热线/);
    assert.match(ui.getByTestId('pop-language').textContent ?? '', /哈萨克语.*必需/);
    assert.equal(ui.getByTestId('pop-desk').textContent, '综合受理');
    assert.match(ui.getByTestId('pop-wait').textContent ?? '', /0:12/);
    const reasons = ui.getAllByTestId('pop-reason').map((li) => li.textContent);
    assert.deepEqual(reasons, ['last 3 calls in Kazakh', 'DID 12345 → 综合受理']);
    assert.ok(ui.getByTestId('pop-verified'));
    assert.equal(ui.queryByTestId('pop-unverified'), null);
  });

  it('shows each flag in words: 一人多次, 一事多人, 催办, 督办', () => {
    const ui = renderUi(<ScreenPopCard pop={samplePop()} />);
    assert.match(ui.getByTestId('pop-flag-repeat-caller').textContent ?? '', /一人多次.*水电气暖.*30 天内 6 次/);
    assert.match(ui.getByTestId('pop-flag-same-matter').textContent ?? '', /一事多人.*水电气暖 @ 阿勒泰市.*7 人/);
    assert.match(ui.getByTestId('pop-flag-urged').textContent ?? '', /催办.*WO-2024-0815/);
    assert.match(ui.getByTestId('pop-flag-supervised').textContent ?? '', /督办.*WO-2024-0700/);
  });

  it('lists last contacts and marks only the overdue work order as overdue', () => {
    const ui = renderUi(<ScreenPopCard pop={samplePop()} deskNames={{ general: '综合受理' }} />);
    const contacts = ui.getAllByTestId('pop-contact');
    assert.equal(contacts.length, 2);
    assert.match(contacts[0]!.textContent ?? '', /水电气暖.*哈萨克语.*综合受理.*已派单/);
    const tickets = ui.getAllByTestId('pop-ticket');
    assert.equal(tickets.length, 2);
    assert.match(within(tickets[0]!).getByTestId('pop-ticket-overdue').textContent ?? '', /已超期/);
    assert.equal(within(tickets[1]!).queryByTestId('pop-ticket-overdue'), null);
    assert.equal(ui.queryByTestId('pop-first-contact'), null);
  });

  it('says "first contact" for a caller with no history', () => {
    const pop = samplePop({ firstContact: true, contacts: [], tickets: [], flags: [], caller: { preferredLanguage: null, tags: [], firstContact: true } });
    const ui = renderUi(<ScreenPopCard pop={pop} />);
    assert.match(ui.getByTestId('pop-first-contact').textContent ?? '', /首次来电/);
    assert.equal(ui.queryByTestId('pop-contacts'), null);
    assert.ok(ui.getByText('无来电记录'));
  });

  it('marks an unverified number and withholds its history', () => {
    const pop = samplePop({ caller: null, contacts: [], tickets: [], flags: [], historyWithheld: 'unverified-caller' }, { callerVerified: false });
    const ui = renderUi(<ScreenPopCard pop={pop} />);
    assert.match(ui.getByTestId('pop-unverified').textContent ?? '', /号码未核验/);
    assert.equal(ui.queryByTestId('pop-verified'), null);
    assert.ok(ui.getByTestId('pop-history-withheld'));
    assert.equal(ui.queryByText('最近来电'), null);
  });

  it('says the offer rings the home contact in home mode, and nothing of the sort in the office', () => {
    const home = renderUi(<ScreenPopCard pop={samplePop({}, { contactMode: 'home' })} />);
    assert.match(home.getByTestId('pop-home-contact').textContent ?? '', /居家联系方式/);
    home.unmount();
    const office = renderUi(<ScreenPopCard pop={samplePop()} />);
    assert.equal(office.queryByTestId('pop-home-contact'), null);
    assert.match(office.getByTestId('pop-contact-mode').textContent ?? '', /办公室/);
  });

  it('once the call is answered, says it is connected through the home contact instead of "will call" it', () => {
    const ui = renderUi(<ScreenPopCard pop={samplePop({}, { contactMode: 'home' })} answered />);
    for (const id of ['pop-home-contact', 'pop-contact-mode']) {
      const text = ui.getByTestId(id).textContent ?? '';
      assert.doesNotMatch(text, /将呼叫/, id);
      assert.match(text, /已经您的居家联系方式接通/, id);
    }
  });

  it('a re-offered transferred call says it was transferred, by whom and why — not "first contact"', () => {
    const pop = samplePop(
      { firstContact: true, caller: null, contacts: [], tickets: [], flags: [], transferredFrom: { seatId: 'S07', seatName: '李娜', to: { kind: 'desk', desk: 'social-security' }, at: 0 } },
      { desk: 'social-security', deskName: '社保专席' },
    );
    const ui = renderUi(<ScreenPopCard pop={pop} deskNames={{ 'social-security': '社保专席' }} />);
    const note = ui.getByTestId('pop-transferred').textContent ?? '';
    assert.match(note, /转接来电/);
    assert.match(note, /李娜 \(S07\)/);
    assert.match(note, /转社保专席/);
    assert.equal(ui.queryByTestId('pop-first-contact'), null);
    ui.unmount();
    const lang = renderUi(<ScreenPopCard pop={{ ...pop, transferredFrom: { seatId: 'S07', seatName: '', to: { kind: 'language', language: 'kk' }, at: 0 } }} />);
    assert.match(lang.getByTestId('pop-transferred').textContent ?? '', /由 S07 转来：需要哈萨克语坐席/);
  });

  it('warns when the work-order system did not answer', () => {
    const ui = renderUi(<ScreenPopCard pop={samplePop({ workOrderHistoryUnavailable: true })} />);
    assert.match(ui.getByTestId('pop-history-unavailable').textContent ?? '', /工单历史暂不可用/);
  });

  it('a pop whose store lookup missed its deadline shows what arrived and says what is missing', () => {
    const pop = samplePop({ caller: null, contacts: [], tickets: [], flags: [], missing: ['history', 'tickets'] });
    const zh = renderUi(<ScreenPopCard pop={pop} />);
    assert.equal(zh.getByTestId('pop-missing').textContent, '未能及时获取：来电历史、未办结工单。以下仅显示已获取的信息。');
    // The call facts that did arrive are all there.
    assert.equal(zh.getByTestId('pop-caller-number').textContent, '13800001234');
    assert.match(zh.getByTestId('pop-desk').textContent ?? '', /综合受理/);
    assert.equal(zh.getAllByTestId('pop-reason').length, 2);
    // Not knowing the history is not the same as a first contact.
    assert.equal(zh.queryByTestId('pop-first-contact'), null);
    zh.unmount();
    const en = renderUi(<ScreenPopCard pop={{ ...pop, missing: ['work-orders'], workOrderHistoryUnavailable: true }} />, 'en');
    assert.equal(en.getByTestId('pop-missing').textContent, 'Not loaded in time: work-order system records. Showing what arrived.');
    assert.equal(en.queryByTestId('pop-history-unavailable'), null, 'one warning, not two');
  });

  it('a complete pop says nothing is missing', () => {
    const ui = renderUi(<ScreenPopCard pop={samplePop()} />);
    assert.equal(ui.queryByTestId('pop-missing'), null);
  });

  it('speaks English when the UI is switched', () => {
    const ui = renderUi(<ScreenPopCard pop={samplePop({}, { contactMode: 'home' })} />, 'en');
    assert.match(ui.getByTestId('pop-language').textContent ?? '', /Kazakh \(required\)/);
    assert.match(ui.getByTestId('pop-home-contact').textContent ?? '', /Rings your home contact/);
    assert.match(ui.getByTestId('pop-flag-repeat-caller').textContent ?? '', /Repeat caller/);
  });
});

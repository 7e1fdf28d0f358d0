/**
 * The desktop in Uyghur and Kazakh, at the level an agent notices: the layout runs right to left, the
 * caller's number and times stay left to right, routing reasons, desk and line names come in the UI
 * language (the Chinese name when the centre configured none), lists use the Arabic comma, and a
 * refused command is a sentence in the UI language, never the hub's or a library's English.
 */
import { useDom } from '../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import { renderUi } from '../test-setup/render.js';
import { samplePop } from '../test-setup/sample-data.js';
import { ScreenPopCard } from '../components/screen-pop/screen-pop.js';
import { ConfigNamesProvider, pickName } from './config-names.js';
import { createI18n } from './i18n.js';
import { formatList } from './list-format.js';
import { CommandError, errorSentence } from './error-text.js';
import { CommandNotAnswered } from '../api/hub-protocol.js';

const names = {
  desks: [
    { id: 'general', name: '综合坐席', names: { zh: '综合坐席', en: 'General', ug: 'ئومۇمىي ئورۇن', kk: 'جالپى ورىن' } },
    { id: 'tourism', name: '旅游专席' },
  ],
  presets: [],
  lines: [{ did: '12345', name: '12345 政务服务便民热线', names: { zh: '12345 政务服务便民热线', ug: '12345 ھۆكۈمەت مۇلازىمىتى خەلق قولايلىق لىنىيىسى' } }],
  regions: [{ areaCode: '0991', name: '乌鲁木齐', names: { zh: '乌鲁木齐', ug: 'ئۈرۈمچى' } }],
};

function uyghurPop() {
  return samplePop(
    { missing: ['history', 'tickets'] },
    {
      desk: 'general',
      deskName: '综合坐席',
      reasons: [
        { source: 'number-plan', text: '拨打 12345 → 综合坐席', key: 'didDesk', params: { did: '12345', desk: 'general' } },
        { source: 'region', text: '区号 0991 乌鲁木齐 → 优先维吾尔语坐席 (ug)', key: 'region', params: { areaCode: '0991', seatLanguage: 'ug', strength: 'preferred' } },
        { source: 'schedule', text: '旅游专席非服务时段（5–10月 08:00-22:00）→ 转综合坐席', key: 'deskClosed', params: { desk: 'tourism', toDesk: 'general', months: '5–10', hours: '08:00-22:00' } },
        { source: 'history', text: '坐席备注：来电人只讲维吾尔语 → 需维吾尔语坐席 (ug)' },
      ],
    },
  );
}

describe('agent-desktop: Uyghur and Kazakh', () => {
  useDom();

  it('the pop in Uyghur: right to left, numbers left to right, reasons and names in Uyghur', () => {
    const ui = renderUi(
      <ConfigNamesProvider value={names}>
        <ScreenPopCard pop={uyghurPop()} />
      </ConfigNamesProvider>,
      'ug',
    );
    // antd mirrors its components; the caller's number is an isolated left-to-right run.
    assert.ok(ui.container.ownerDocument.querySelector('.ant-descriptions-rtl'), 'antd renders right to left');
    assert.equal(ui.getByTestId('pop-caller-number').getAttribute('dir'), 'ltr');
    assert.equal(ui.getByTestId('pop-wait').querySelector('bdi')?.getAttribute('dir'), 'ltr');
    assert.equal(ui.getByTestId('pop-desk').textContent, 'ئومۇمىي ئورۇن');
    assert.match(ui.getByTestId('pop-did').textContent ?? '', /ھۆكۈمەت مۇلازىمىتى/);
    const reasons = ui.getAllByTestId('pop-reason').map((li) => li.textContent ?? '');
    assert.equal(reasons[0], '\u206612345\u2069 غا ئۇرغان ← ئومۇمىي ئورۇن');
    assert.equal(reasons[1], 'رايون نومۇرى \u20660991\u2069 ئۈرۈمچى ← ئۇيغۇر تىلى ئورنى ئالدىن');
    // A desk without Uyghur names falls back to its Chinese name; months and hours stay digits.
    assert.equal(reasons[2], '旅游专席 مۇلازىمەت ۋاقتى ئەمەس (\u20665–10\u2069-ئايلار \u206608:00-22:00\u2069) ← ئومۇمىي ئورۇن غا يۆتكەلدى');
    // What a person wrote is shown as written.
    assert.equal(reasons[3], '坐席备注：来电人只讲维吾尔语 → 需维吾尔语坐席 (ug)');
    assert.match(ui.getByTestId('pop-missing').textContent ?? '', /تېلېفون تارىخى، تاماملانمىغان خىزمەت بۇيرۇقلىرى/);
    const latin = (ui.container.textContent ?? '').match(/[A-Za-z]{4,}/g) ?? [];
    assert.deepEqual(latin, [], 'no English word on the Uyghur pop');
  });

  it('the same pop in Kazakh and in Chinese', () => {
    const kk = renderUi(
      <ConfigNamesProvider value={names}>
        <ScreenPopCard pop={uyghurPop()} />
      </ConfigNamesProvider>,
      'kk',
    );
    assert.equal(kk.getByTestId('pop-desk').textContent, 'جالپى ورىن');
    assert.equal(kk.getAllByTestId('pop-reason')[0]!.textContent, '\u206612345\u2069 ٴنومىرى تەرىلدى ← جالپى ورىن');
    kk.unmount();
    const zh = renderUi(
      <ConfigNamesProvider value={names}>
        <ScreenPopCard pop={uyghurPop()} />
      </ConfigNamesProvider>,
    );
    assert.equal(zh.getAllByTestId('pop-reason')[0]!.textContent, '拨打 12345 → 综合坐席');
    assert.equal(zh.getAllByTestId('pop-reason')[1]!.textContent, '区号 0991 乌鲁木齐 → 优先维吾尔语坐席');
    assert.match(zh.getByTestId('pop-missing').textContent ?? '', /来电历史、未办结工单/);
  });

  it('picks a configured name in the UI language, the Chinese name otherwise', () => {
    const general = names.desks[0]!;
    assert.equal(pickName(general, 'ug'), 'ئومۇمىي ئورۇن');
    assert.equal(pickName(general, 'en'), 'General');
    assert.equal(pickName(general, 'zh-CN'), '综合坐席');
    assert.equal(pickName(names.desks[1]!, 'kk'), '旅游专席');
    assert.equal(pickName({ name: '综合坐席', names: { zh: '综合坐席', kk: ' ' } }, 'kk'), '综合坐席');
  });

  it('joins lists the language’s way', () => {
    assert.equal(formatList('ug', ['قازاق تىلى', 'ئۇيغۇر تىلى']), 'قازاق تىلى، ئۇيغۇر تىلى');
    assert.equal(formatList('kk', ['قازاق ٴتىلى', 'ۇيعىر ٴتىلى']), 'قازاق ٴتىلى، ۇيعىر ٴتىلى');
    assert.equal(formatList('zh-CN', ['普通话', '哈萨克语', '英语']), '普通话、哈萨克语、英语');
    assert.equal(formatList('en', ['Mandarin', 'Kazakh']), 'Mandarin, Kazakh');
  });

  it('words a refused or timed-out command in the UI language, never in English', () => {
    const zh = createI18n('zh-CN');
    const ug = createI18n('ug');
    assert.equal(errorSentence(zh.t, new CommandError('forbidden', 'not your call')), '您无权执行此操作');
    assert.equal(errorSentence(zh.t, new Error('operation has timed out')), '服务器未及时响应，请重试');
    assert.equal(errorSentence(ug.t, new Error('operation has timed out')), 'مۇلازىمېتىر ۋاقتىدا جاۋاب قايتۇرمىدى، قايتا سىناڭ');
    assert.equal(errorSentence(zh.t, new CommandError('disconnected', 'not connected')), '与服务器的连接已断开，操作未执行');
    assert.equal(errorSentence(zh.t, new Error('Cannot read properties of undefined')), '操作未完成，请重试');
    assert.equal(errorSentence(ug.t, new CommandNotAnswered('disconnected')), 'مۇلازىمېتىر بىلەن ئۇلىنىش ئۈزۈلدى، مەشغۇلات ئىجرا قىلىنمىدى');
  });
});

import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import { renderUi } from '../../test-setup/render.js';
import { SupervisedBanner } from './supervised-banner.js';

describe('agent-desktop: "a lead is listening" banner', () => {
  useDom();

  it('tells the agent who is whispering on their call, and nothing for another call', () => {
    const supervised = [{ supervisionId: 'sv-1', callId: 'c-1', mode: 'whisper' as const, leadName: '王丽（值班长）', active: true }];
    const ui = renderUi(<SupervisedBanner supervised={supervised} callId="c-1" />);
    assert.match(ui.getByTestId('supervised-banner').textContent ?? '', /王丽（值班长） 正在对您耳语（市民听不到）/);
    ui.rerender(<SupervisedBanner supervised={supervised} callId="c-2" />);
    assert.equal(ui.queryByTestId('supervised-banner'), null);
  });

  it('says the caller hears the lead in barge (English)', () => {
    const ui = renderUi(<SupervisedBanner supervised={[{ supervisionId: 'sv-1', callId: 'c-1', mode: 'barge', leadName: 'Wang Li', active: true }]} callId="c-1" />, 'en');
    assert.match(ui.getByTestId('supervised-barge').textContent ?? '', /Wang Li has joined this call \(the caller hears them too\)/);
  });
});

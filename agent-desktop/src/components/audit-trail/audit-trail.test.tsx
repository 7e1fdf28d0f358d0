/** The audit panel (issue 11): sentences, and a lead's filters and export going to the bridge. */
import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { fireEvent, waitFor } from '@testing-library/react';
import { renderUi } from '../../test-setup/render.js';
import type { AuditEntry, AuditPage } from '../../api/types.js';
import { AuditTrail } from './audit-trail.js';

const LIVE: AuditEntry[] = [
  { at: 2, actor: 'lead1', action: 'centre-mode', detail: { mode: 'home', preset: 'typhoon', reason: '台风红色预警', seatsAffected: 72 } },
  { at: 1, actor: 'lead1', action: 'force-seat-state', detail: { seatId: 'S07', from: 'available', to: 'not-ready', reason: 'break' } },
];
const names = { lead1: '王丽', S07: '王强' };
const presets = { typhoon: '台风应急' };

describe('agent-desktop: audit trail', () => {
  useDom();

  it('reads as sentences in the UI language, newest first', () => {
    const zh = renderUi(<AuditTrail entries={LIVE} names={names} presets={presets} />);
    assert.deepEqual(zh.getAllByTestId('audit-sentence').map((c) => c.textContent), [
      '王丽 将中心切换为居家坐席（台风应急预案）：影响 72 个坐席，原因：台风红色预警',
      '王丽 将坐席 S07 王强 的状态从“就绪”设为“未就绪”，原因：小休',
    ]);
    zh.unmount();
    const en = renderUi(<AuditTrail entries={LIVE} names={names} presets={presets} />, 'en');
    assert.equal(en.getAllByTestId('audit-sentence')[0]?.textContent, '王丽 switched the centre to Home seats (台风应急 preset): 72 seats, reason: 台风红色预警');
  });

  it('filters by actor, action and dates on the bridge, pages on, and clears back to the live entries', async () => {
    const first: AuditPage = { entries: [{ id: 9, at: 9, actor: 'lead2', actorName: '马建国', action: 'seat-mode-override', detail: { seatId: 'S07', mode: 'home', reason: '家中有事' } }], hasMore: true };
    const second: AuditPage = { entries: [{ id: 4, at: 4, actor: 'lead2', actorName: '马建国', action: 'seat-mode-override', detail: { seatId: 'S07', mode: null, reason: '回到办公室' } }], hasMore: false };
    const api = { audit: sinon.stub().onFirstCall().resolves(first).onSecondCall().resolves(second), downloadAudit: sinon.stub().resolves() };
    const ui = renderUi(<AuditTrail entries={LIVE} names={names} api={api} />);
    fireEvent.change(ui.getByTestId('audit-filter-actor'), { target: { value: ' lead2 ' } });
    fireEvent.change(ui.getByTestId('audit-filter-action'), { target: { value: 'seat-mode-override' } });
    fireEvent.change(ui.getByTestId('audit-filter-from'), { target: { value: '2025-11-01' } });
    fireEvent.change(ui.getByTestId('audit-filter-to'), { target: { value: '2025-11-20' } });
    fireEvent.click(ui.getByTestId('audit-filter-apply'));
    const filter = { actor: 'lead2', action: 'seat-mode-override', from: '2025-11-01', to: '2025-11-20' };
    await waitFor(() => assert.equal(ui.getAllByTestId('audit-entry').length, 1));
    assert.deepEqual(api.audit.firstCall.args, [filter]);
    assert.equal(ui.getByTestId('audit-sentence').textContent, '马建国 将坐席 S07 王强 单独切换为居家坐席，原因：家中有事');
    fireEvent.click(ui.getByTestId('audit-more'));
    await waitFor(() => assert.equal(ui.getAllByTestId('audit-entry').length, 2));
    assert.deepEqual(api.audit.secondCall.args, [{ ...filter, before: 9 }]);
    assert.equal(ui.queryByTestId('audit-more'), null);

    fireEvent.click(ui.getByTestId('audit-export'));
    assert.deepEqual(api.downloadAudit.firstCall.args, [filter, 'zh-CN']);

    fireEvent.click(ui.getByTestId('audit-filter-clear'));
    assert.deepEqual(ui.getAllByTestId('audit-entry').map((r) => r.getAttribute('data-action')), ['centre-mode', 'force-seat-state']);
  });

  it('says why a filtered read failed', async () => {
    const api = { audit: sinon.stub().rejects(new Error('HTTP 503')), downloadAudit: sinon.stub().resolves() };
    const ui = renderUi(<AuditTrail entries={LIVE} api={api} />);
    fireEvent.click(ui.getByTestId('audit-filter-apply'));
    await waitFor(() => assert.match(ui.getByTestId('audit-error').textContent ?? '', /加载失败：HTTP 503/));
  });
});

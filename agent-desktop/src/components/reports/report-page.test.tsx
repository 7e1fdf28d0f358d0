/** The lead's report page and the shift hand-over (issue 11), against a scripted LeadApi. */
import { useDom } from '../../test-setup/dom-env.js';
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { fireEvent, waitFor, within } from '@testing-library/react';
import { renderUi } from '../../test-setup/render.js';
import type { HandoverResponse, ReportResponse } from '../../api/lead-api.js';
import { ReportPage } from './report-page.js';
import { HandoverSummary } from './handover-summary.js';

const zero = { answeredInTime: 0, transfers: 0, linkage110: 0, linkage119: 0, linkage120: 0, repeatCaller: 0, sameMatter: 0, avgWrapUpSeconds: null };

function report(over: Partial<ReportResponse> = {}): ReportResponse {
  return {
    from: 0,
    to: 1,
    groupBy: 'shift',
    answerWithinSeconds: 15,
    rows: [
      { ...zero, key: 'day', label: '白班', arrived: 120, answered: 110, answeredInTime: 95, abandoned: 10, avgWaitSeconds: 12.5, avgTalkSeconds: 162.5, repeatCaller: 4, sameMatter: 2 },
      { ...zero, key: 'night', label: '夜班', arrived: 30, answered: 25, answeredInTime: 20, abandoned: 5, avgWaitSeconds: 16.7, avgTalkSeconds: 90, linkage110: 1 },
    ],
    total: { ...zero, arrived: 150, answered: 135, answeredInTime: 115, abandoned: 15, avgWaitSeconds: 13.3, avgTalkSeconds: 148, repeatCaller: 4, sameMatter: 2, linkage110: 1 },
    ...over,
  };
}

describe('agent-desktop: report page', () => {
  useDom();

  it('asks for this month by shift with the 15 s threshold, then shows the figures, the total and the charts', async () => {
    const api = { report: sinon.stub().resolves(report()), downloadReport: sinon.stub().resolves() };
    const ui = renderUi(<ReportPage api={api} today="2025-11-20" />);
    fireEvent.click(ui.getByTestId('report-run'));
    await waitFor(() => assert.ok(ui.getByTestId('report-table')));
    assert.deepEqual(api.report.firstCall.args, [{ from: '2025-11-01', to: '2025-11-20', groupBy: 'shift', answerWithin: 15 }]);
    const headers = within(ui.getByTestId('report-table')).getAllByRole('columnheader').map((h) => h.textContent);
    assert.deepEqual(headers.slice(0, 5), ['班次', '来电量', '接通量', '15 秒内接通', '放弃量']);
    assert.deepEqual(headers.slice(-2), ['一人多次', '一事多人']);
    const rows = ui.getAllByTestId('report-row').map((r) => [...r.children].map((c) => c.textContent));
    assert.deepEqual(rows[0]?.slice(0, 6), ['白班', '120', '110', '95', '10', '12.5']);
    assert.equal(rows[0]?.[7], '—', 'no wrap-up figure is a dash, not 0');
    assert.deepEqual([...ui.getByTestId('report-total').children].slice(0, 2).map((c) => c.textContent), ['合计', '150']);
    const volume = within(ui.getByTestId('report-chart-volume')).getByRole('table');
    assert.match(volume.textContent ?? '', /白班12011010/);
    assert.ok(ui.getByTestId('report-chart-wait'));
  });

  it('sends the chosen grouping, period and threshold, and downloads the CSV in the UI language', async () => {
    const api = { report: sinon.stub().resolves(report({ groupBy: 'language', answerWithinSeconds: 20, rows: [{ ...report().rows[0]!, key: 'kk', label: '哈萨克语' }] })), downloadReport: sinon.stub().resolves() };
    const ui = renderUi(<ReportPage api={api} today="2025-11-20" />, 'en');
    fireEvent.change(ui.getByTestId('report-group-by'), { target: { value: 'language' } });
    fireEvent.change(ui.getByTestId('report-from'), { target: { value: '2025-10-01' } });
    fireEvent.change(ui.getByTestId('report-to'), { target: { value: '2025-10-31' } });
    fireEvent.change(ui.getByTestId('report-threshold'), { target: { value: '20' } });
    fireEvent.click(ui.getByTestId('report-run'));
    await waitFor(() => assert.ok(ui.getByTestId('report-table')));
    const want = { from: '2025-10-01', to: '2025-10-31', groupBy: 'language', answerWithin: 20 };
    assert.deepEqual(api.report.firstCall.args, [want]);
    assert.equal(ui.getAllByTestId('report-row')[0]?.children[0]?.textContent, 'Kazakh', 'language names follow the UI language');
    assert.match(ui.getByTestId('report-table').textContent ?? '', /Answered within 20 s/);
    fireEvent.click(ui.getByTestId('report-download'));
    assert.deepEqual(api.downloadReport.firstCall.args, [want, 'en']);
  });

  it('says why when the report fails', async () => {
    const api = { report: sinon.stub().rejects(new Error('at most 366 days per report')), downloadReport: sinon.stub().resolves() };
    const ui = renderUi(<ReportPage api={api} today="2025-11-20" />);
    fireEvent.click(ui.getByTestId('report-run'));
    await waitFor(() => assert.match(ui.getByTestId('report-error').textContent ?? '', /统计失败：at most 366 days per report/));
  });
});

describe('agent-desktop: shift hand-over', () => {
  useDom();

  const handover: HandoverResponse = {
    at: Date.UTC(2025, 10, 20, 8),
    shifts: [{ id: 'day', name: '白班', hours: '08:00-16:00' }],
    centreMode: 'home',
    activePreset: 'typhoon',
    presetName: '台风应急',
    // The hand-over lists groups only; why they wait is the wallboard's to say.
    waiting: [{ language: 'kk', desk: 'general', count: 3, longestWaitSeconds: 75 } as HandoverResponse['waiting'][number]],
    waitingTotal: 3,
    longestWaitSeconds: 75,
    urgent: [{ number: 'WO1', caller: '139****5678', category: 'housing', place: '幸福小区', status: 'reopened', dueAt: 0, overdue: true, dissatisfied: 2 }],
    notReady: [{ id: 'S07', name: '王强', reason: 'meal', since: Date.UTC(2025, 10, 20, 7, 50) }],
  };

  it('one click shows what is waiting, urgent matters, seats in Not Ready and the centre mode, printable', async () => {
    const api = { handover: sinon.stub().resolves(handover) };
    const print = sinon.spy();
    const ui = renderUi(<HandoverSummary api={api} deskNames={{ general: '综合受理' }} print={print} />);
    fireEvent.click(ui.getByTestId('handover-open'));
    await waitFor(() => assert.ok(ui.getByTestId('handover-summary')));
    assert.match(ui.getByTestId('handover-summary').textContent ?? '', /白班/);
    assert.equal(ui.getByTestId('handover-mode').textContent, '中心模式：居家坐席 · 预案：台风应急');
    assert.equal(ui.getByTestId('handover-waiting').textContent, '哈萨克语 · 综合受理：3 通，最长等待 1:15');
    assert.equal(ui.getByTestId('handover-urgent').textContent, 'WO1 住房保障 幸福小区（重新办理）已超期 · 不满意 2 次');
    assert.equal(ui.getByTestId('handover-not-ready').textContent, 'S07 王强（用餐，持续 10:00）');
    fireEvent.click(ui.getByTestId('handover-print'));
    assert.equal(print.callCount, 1);
    fireEvent.click(ui.getByTestId('handover-close'));
    assert.equal(ui.queryByTestId('handover-summary'), null);
  });
});

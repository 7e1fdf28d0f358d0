/**
 * Browser end-to-end: the shift lead's period report. Calls happen in the test (two answered on 12345,
 * one abandoned on 12328); the lead opens the report tab, picks today and "by line", reads the table
 * and charts, and downloads the CSV — which must open in Excel as Chinese (UTF-8 BOM), carry the page's
 * headers in the UI language, and hold the rows the page shows. The real bridge (lab switch, embedded
 * SQLite, hub, REST) in-process on a loopback port, the real SPA bundle, Debian's Chromium.
 *
 * Staging goes through the product's own surfaces: seats are set not-ready through the CallCenter facade,
 * calls are placed with POST /api/lab/calls and answered by the lab's simulated seat phones.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { SeatState } from '../../bridge/calls/call-center-api.js';
import type { ReportResponse } from '../../bridge/api/report-routes.js';
import { centreDate } from '../../bridge/domain/centre-day.js';
import { loginAs } from '../support/product-process.js';
import { axeViolations, describeViolations, seriousOrWorse } from './support/axe.js';
import { logIn, openLabCentre, SHOTS, type Bridge, type LabCentre } from './support/lab-centre.js';



async function placeCall(bridge: Bridge, token: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${bridge.url}/api/lab/calls`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 201, await res.text());
}

/** Today's report as the store has it (JSON), asked again until `done` says the calls are in. */
async function reportUntil(bridge: Bridge, token: string, done: (r: ReportResponse) => boolean): Promise<ReportResponse> {
  for (;;) {
    const res = await fetch(`${bridge.url}/api/reports?groupBy=line`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const r = (await res.json()) as ReportResponse;
    if (done(r)) return r;
    await new Promise((ok) => setTimeout(ok, 200));
  }
}

/** A table's cells as text, row by row (header cells included). */
async function tableCells(page: Page, selector: string): Promise<string[][]> {
  return page.locator(selector).evaluateAll((rows) => rows.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
}

/** RFC 4180 enough for the report: quoted cells may hold commas. */
function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') cells.push(cur), (cur = '');
    else cur += ch;
  }
  cells.push(cur);
  return cells;
}

describe('e2e: the shift lead runs a period report and downloads it as CSV', function () {
  this.timeout(120_000);
  let centre: LabCentre;
  let bridge: Bridge;
  let browser: Browser;

  before(async () => {
    // No seeded history: the report holds only the calls of this test. Simulated phones always answer, quickly.
    centre = await openLabCentre('hotline-e2e-rep-', {
      store: { seedContacts: 0 },
      telephony: { lab: { noAnswerProbability: 0, seatAnswerDelayMs: { min: 300, max: 800 } } },
    });
    ({ bridge, browser } = centre);
  });

  after(async () => centre?.close());

  it('today by line: the table shows the calls of the day, and the CSV download holds the same rows', async () => {
    const cc = bridge.callCenter;
    const answering = cc
      .seats()
      .filter((s) => s.desks.includes('general') && s.languages.includes('zh'))
      .slice(0, 2)
      .map((s) => s.id);
    assert.equal(answering.length, 2);
    for (const s of cc.seats()) if (!answering.includes(s.id) && s.state === SeatState.Available) cc.forceSeatState('e2e-setup', s.id, SeatState.NotReady, 'training');
    for (const id of answering) if (cc.seat(id)?.state !== SeatState.Available) cc.forceSeatState('e2e-setup', id, SeatState.Available);
    const { token } = await loginAs(bridge.url, 'lead1');

    // Two callers on 12345 are answered and talk briefly; then nobody is ready and a 12328 caller gives up.
    await placeCall(bridge, token, { callerNumber: '13812342001', dialledNumber: '12345', patienceSeconds: 600, talkSeconds: 1 });
    await placeCall(bridge, token, { callerNumber: '13812342002', dialledNumber: '12345', patienceSeconds: 600, talkSeconds: 1 });
    // Both talks over (the figures stay put from here), then nobody is ready.
    await reportUntil(bridge, token, (r) => r.total.answered === 2 && answering.every((id) => cc.seat(id)?.state === SeatState.WrapUp || cc.seat(id)?.state === SeatState.Available));
    for (const id of answering) cc.forceSeatState('e2e-setup', id, SeatState.NotReady, 'training');
    await placeCall(bridge, token, { callerNumber: '13812342003', dialledNumber: '12328', patienceSeconds: 6 });
    await reportUntil(bridge, token, (r) => r.total.arrived === 3 && r.total.abandoned === 1);

    // The centre's date (its desktops run on its clock): the report runs over today only.
    const today = centreDate(Date.now());
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    const lead = await ctx.newPage();
    await logIn(lead, bridge.url, 'lead1');
    await lead.getByTestId('lead-tab-reports').click();
    const page = lead.getByTestId('report-page');
    await page.waitFor();
    await lead.getByTestId('report-from').fill(today);
    await lead.getByTestId('report-to').fill(today);
    await lead.getByTestId('report-group-by').selectOption({ label: '热线号码' });
    await lead.getByTestId('report-run').click();
    await lead.getByTestId('report-table').waitFor({ timeout: 10_000 });

    const [head] = await tableCells(lead, '[data-testid="report-table"] thead tr');
    assert.deepEqual(head!.slice(0, 5), ['热线号码', '来电量', '接通量', '15 秒内接通', '放弃量']);
    const shown = await tableCells(lead, '[data-testid="report-table"] tbody tr');
    const byName = Object.fromEntries(shown.map((r) => [r[0], r]));
    const hotline = shown.find((r) => r[0]!.startsWith('12345'));
    const transport = shown.find((r) => r[0]!.startsWith('12328'));
    assert.ok(hotline && transport, `rows for 12345 and 12328: ${JSON.stringify(shown)}`);
    assert.deepEqual(hotline.slice(1, 5), ['2', '2', '2', '0'], '12345: two arrived, both answered in time');
    assert.deepEqual(transport.slice(1, 5), ['1', '0', '0', '1'], '12328: one arrived and abandoned');
    assert.deepEqual(byName['合计']!.slice(1, 5), ['3', '2', '2', '1']);
    await lead.getByTestId('report-chart-volume').waitFor();
    await lead.getByTestId('report-chart-wait').waitFor();

    const [download] = await Promise.all([lead.waitForEvent('download'), lead.getByTestId('report-download').click()]);
    assert.equal(download.suggestedFilename(), `report-line-${today}-${today}.csv`);
    const bytes = readFileSync(await download.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark: Excel opens the Chinese as Chinese');
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    assert.equal(lines.pop(), '', 'CRLF after the last row');
    const csv = lines.map(parseCsvLine);
    assert.deepEqual(csv[0], head, 'the same headers as the page, in the UI language');
    // An empty figure is "—" on the page and an empty cell in the file.
    assert.deepEqual(
      csv.slice(1),
      shown.map((r) => r.map((c) => (c === '—' ? '' : c))),
      'the same rows and total as the page',
    );

    await lead.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'lead-reports.png') });
    const violations = seriousOrWorse(await axeViolations(lead, '[data-testid="report-page"]'));
    assert.deepEqual(violations, [], describeViolations(violations));
  });
});

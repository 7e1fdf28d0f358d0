/**
 * Browser end-to-end: a shift lead listens to an agent's call from the live-calls list, whispers (the
 * agent's desktop says so, per the default centre setting), barges and leaves. The real bridge (lab
 * switch, embedded SQLite, hub) in-process on a loopback port, the real SPA bundle, Debian's Chromium.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { SeatState } from '../../bridge/calls/call-center-api.js';
import { axeViolations, describeViolations, seriousOrWorse } from './support/axe.js';
import { LAB_PASSWORD, logIn, openLabCentre, SHOTS, type Bridge, type LabCentre } from './support/lab-centre.js';


describe('e2e: a shift lead listens, whispers and barges', function () {
  this.timeout(120_000);
  let centre: LabCentre;
  let bridge: Bridge;
  let browser: Browser;

  before(async () => {
    centre = await openLabCentre('hotline-e2e-sv-');
    ({ bridge, browser } = centre);
  });

  after(async () => centre?.close());

  it('the lead joins an agent\'s call from the office phone and moves listen → whisper → barge → leave', async () => {
    const cc = bridge.callCenter;
    const agent = cc.seats().find((s) => s.desks.includes('general') && s.languages.includes('zh'));
    assert.ok(agent);
    for (const s of cc.seats()) if (s.id !== agent.id && s.state === SeatState.Available) cc.forceSeatState('e2e-setup', s.id, SeatState.NotReady, 'training');
    const agentPage = await (await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' })).newPage();
    const leadPage = await (await browser.newContext({ viewport: { width: 1440, height: 1400 }, locale: 'zh-CN' })).newPage();
    await logIn(agentPage, bridge.url, agent.id);
    await agentPage.getByTestId('agent-view').waitFor();
    if (cc.seat(agent.id)?.state !== SeatState.Available) cc.forceSeatState('e2e-setup', agent.id, SeatState.Available);
    await logIn(leadPage, bridge.url, 'lead1');
    await leadPage.getByTestId('supervision-panel').waitFor();

    const login = await fetch(`${bridge.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ userId: 'lead1', password: LAB_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const placed = await fetch(`${bridge.url}/api/lab/calls`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ callerNumber: '13812340001', dialledNumber: '12345', patienceSeconds: 900 }),
    });
    assert.ok(placed.ok, await placed.text());
    await agentPage.getByTestId('offer-alert').waitFor({ timeout: 15_000 });
    await agentPage.keyboard.press('Control+Shift+A');
    await agentPage.locator('[data-testid="call-controls"][data-call-state="connected"]').waitFor({ timeout: 15_000 });

    const row = leadPage.getByTestId('live-call-row');
    await row.first().waitFor({ timeout: 10_000 });
    assert.match((await row.first().textContent()) ?? '', new RegExp(agent.id));
    await row.first().getByTestId('supervise-listen').click();
    await leadPage.locator('[data-testid="supervise-status"]', { hasText: '正在监听' }).waitFor({ timeout: 10_000 });
    assert.equal(await agentPage.getByTestId('supervised-banner').count(), 0, 'a silent listen is not shown to the agent');

    await row.first().getByTestId('supervise-whisper').click();
    await agentPage.getByTestId('supervised-whisper').waitFor({ timeout: 10_000 });
    assert.match((await agentPage.getByTestId('supervised-banner').textContent()) ?? '', /王丽.*耳语/);
    await agentPage.screenshot({ path: join(SHOTS, 'agent-supervised.png') });

    await row.first().getByTestId('supervise-barge').click();
    await agentPage.getByTestId('supervised-barge').waitFor({ timeout: 10_000 });
    await leadPage.locator('[data-testid="supervise-status"]', { hasText: '强插' }).waitFor();
    await leadPage.mouse.move(0, 0); // not hovering a button while axe reads the colours
    await leadPage.getByTestId('supervision-panel').screenshot({ path: join(SHOTS, 'lead-supervision.png') });
    const violations = seriousOrWorse(await axeViolations(leadPage));
    assert.deepEqual(violations, [], describeViolations(violations));

    await leadPage.getByTestId('supervise-leave').click();
    await agentPage.getByTestId('supervised-banner').waitFor({ state: 'detached', timeout: 10_000 });
    assert.equal(cc.supervisions().length, 0);
    assert.equal(cc.seat(agent.id)?.state, SeatState.OnCall, 'the agent talks on');
  });
});

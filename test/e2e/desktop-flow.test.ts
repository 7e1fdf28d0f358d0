/**
 * Browser end-to-end: the real bridge (lab switch, embedded SQLite, hub, REST) in-process on a loopback
 * port, the real SPA bundle, Debian's Chromium. One agent and one shift lead, as a person would use them.
 *
 * Staging (not the subject under test) goes through the product's own surfaces: seats other than the
 * two we need are set not-ready through the CallCenter facade, calls are placed with POST /api/lab/calls.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBridge } from '../../bridge/main.js';
import type { CallCenter, SeatView } from '../../bridge/calls/call-center-api.js';
import { SeatState } from '../../bridge/calls/call-center-api.js';
import { DEMO_CALLERS } from '../../fixtures/history/index.js';
import { launchChromium } from './support/chromium.js';
import { axeViolations, describeViolations, seriousOrWorse } from './support/axe.js';
import { ensureDesktopBuilt } from './support/desktop-bundle.js';
import { watchCsp } from './support/csp-watch.js';
import { LAB_PASSWORD, postJson, SHOTS, type Bridge } from './support/lab-centre.js';


/** The agent: a seat that speaks Mandarin and Kazakh, has a home contact; a second Kazakh seat takes the transfer. */
function pickSeats(callCenter: CallCenter): { agent: SeatView; kazakh: SeatView } {
  const seats = callCenter.seats();
  const general = (s: SeatView) => s.desks.includes('general');
  const agent = seats.find((s) => general(s) && s.hasHomeContact && s.languages.includes('zh') && s.languages.includes('kk'));
  assert.ok(agent, 'seed has a Mandarin + Kazakh general seat with a home contact');
  const kazakh = seats.find((s) => s.id !== agent.id && general(s) && s.languages.includes('kk'));
  assert.ok(kazakh, 'seed has a second Kazakh general seat');
  return { agent, kazakh };
}

/** Leave only `keep` able to take calls, so the staged calls reach the seats the scenario is about. */
function quietOtherSeats(callCenter: CallCenter, keep: string[]): void {
  for (const s of callCenter.seats()) {
    if (keep.includes(s.id) || s.state === SeatState.NotReady || s.state === SeatState.Offline) continue;
    if (s.state === SeatState.Available) callCenter.forceSeatState('e2e-setup', s.id, SeatState.NotReady, 'training');
  }
}

async function logIn(page: Page, url: string, userId: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-user').fill(userId);
  await page.getByTestId('login-password').fill(LAB_PASSWORD);
  await page.getByTestId('login-submit').click();
}

/** Click a radio button the way a person does: on its label (antd hides the input itself). */
async function pick(page: Page, testId: string): Promise<void> {
  await page.locator('label', { has: page.getByTestId(testId) }).click();
  assert.equal(await page.getByTestId(testId).isChecked(), true, `${testId} picked`);
}

async function textOf(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).textContent()) ?? '';
}

describe('e2e: agent and shift lead in Chromium', function () {
  this.timeout(180_000);
  let bridge: Bridge;
  let browser: Browser;
  let agentCtx: BrowserContext;
  let leadCtx: BrowserContext;
  let agentPage: Page;
  let leadPage: Page;
  let leadToken: string;
  let dataDir: string;
  let seats: { agent: SeatView; kazakh: SeatView };
  const cspViolations: string[] = [];
  const startOpts = () => ({
    host: '127.0.0.1',
    dataDir,
    labArrivalsPerMinute: 0,
    env: { ...process.env, HOTLINE_CONFIG: undefined, DATABASE_URL: undefined, REDIS_URL: undefined },
    logger: pino({ level: process.env.E2E_LOG_LEVEL ?? 'warn' }),
  });

  before(async () => {
    await ensureDesktopBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-'));
    bridge = await startBridge({ ...startOpts(), port: 0 });
    browser = await launchChromium();
    agentCtx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    leadCtx = await browser.newContext({ viewport: { width: 1440, height: 1100 }, locale: 'zh-CN' });
    for (const ctx of [agentCtx, leadCtx]) await watchCsp(ctx, cspViolations);
    agentPage = await agentCtx.newPage();
    leadPage = await leadCtx.newPage();
    for (const page of [agentPage, leadPage])
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspViolations.push(`console: ${m.text().slice(0, 300)}`);
      });
    leadToken = (await postJson<{ token: string }>(bridge, '/api/auth/login', { userId: 'lead1', password: LAB_PASSWORD })).token;
    seats = pickSeats(bridge.callCenter);
    quietOtherSeats(bridge.callCenter, [seats.agent.id]);
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await bridge?.close().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('an agent logs in and goes available', async () => {
    await logIn(agentPage, bridge.url, seats.agent.id);
    await agentPage.getByTestId('state-bar').waitFor();
    // Take a break first if the seat starts available, so "go available" is the agent's own act.
    const bar = agentPage.getByTestId('seat-state');
    if ((await bar.getAttribute('data-state')) === 'available') {
      await agentPage.getByTestId('not-ready-break').click();
      await agentPage.locator('[data-testid="seat-state"][data-state="not-ready"]').waitFor();
    }
    await agentPage.getByTestId('go-available').click();
    await agentPage.locator('[data-testid="seat-state"][data-state="available"]').waitFor();
    assert.match(await textOf(agentPage, 'centre-mode'), /办公室坐席/);
    assert.equal(bridge.callCenter.seat(seats.agent.id)?.attended, true, 'the simulator no longer answers for this seat');
  });

  it('a lead logs in and sees the wallboard', async () => {
    await logIn(leadPage, bridge.url, 'lead1');
    await leadPage.getByTestId('wallboard').waitFor();
    await leadPage.getByTestId('seat-list').waitFor();
    assert.match(await textOf(leadPage, 'wb-answered'), /0/);
  });

  it('a call from a caller with history rings the agent: the pop shows previous contacts and the routing reason before answering', async () => {
    const caller = DEMO_CALLERS.kazakhSpeaker;
    await postJson(bridge, '/api/lab/calls', { callerNumber: caller, dialledNumber: '12345', patienceSeconds: 900 }, leadToken);
    await agentPage.getByTestId('offer-alert').waitFor({ timeout: 15_000 });
    const pop = agentPage.getByTestId('screen-pop');
    assert.equal(await textOf(agentPage, 'pop-caller-number'), caller);
    assert.ok((await pop.getByTestId('pop-contact').count()) > 0, 'previous contacts listed');
    assert.ok((await pop.getByTestId('pop-reason').count()) > 0, 'routing reason listed');
    assert.match(await textOf(agentPage, 'offer-announcer'), /新来电/);
    assert.match(await pop.getByTestId('pop-reasons').textContent() ?? '', /./);
    const violations = seriousOrWorse(await axeViolations(agentPage));
    assert.deepEqual(violations, [], describeViolations(violations));
  });

  it('the agent accepts (Ctrl+Shift+A), holds, resumes and transfers to a Kazakh seat', async () => {
    await agentPage.keyboard.press('Control+Shift+A');
    await agentPage.locator('[data-testid="call-controls"][data-call-state="connected"]').waitFor({ timeout: 15_000 });
    assert.ok((await agentPage.getByTestId('screen-pop').count()) === 1, 'pop stays beside the live call');
    await agentPage.getByTestId('call-hold').click();
    await agentPage.getByTestId('call-held').waitFor();
    await agentPage.keyboard.press('Control+Shift+H');
    await agentPage.getByTestId('call-connected').waitFor();
    const callId = bridge.callCenter.seat(seats.agent.id)?.callId;
    assert.ok(callId);
    bridge.callCenter.forceSeatState('e2e-setup', seats.kazakh.id, SeatState.Available);
    await pick(agentPage, 'transfer-kind-language');
    await pick(agentPage, 'transfer-language-kk');
    await agentPage.getByTestId('transfer-go').click();
    await agentPage.getByTestId('wrap-up-form').waitFor({ timeout: 15_000 });
    // The call went back into the queue for Kazakh and the Kazakh seat got it.
    const deadline = Date.now() + 15_000;
    while (bridge.callCenter.call(callId)?.seatId !== seats.kazakh.id && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(bridge.callCenter.call(callId)?.seatId, seats.kazakh.id);
    assert.equal(bridge.callCenter.call(callId)?.target.language, 'kk');
  });

  it('the agent completes wrap-up and is available again', async () => {
    // After a transfer the disposition is already "transferred".
    await agentPage.locator('.ant-radio-button-wrapper-checked [data-testid="wrap-disposition-transferred"], .ant-radio-button-wrapper-checked:has([data-testid="wrap-disposition-transferred"])').first().waitFor({ timeout: 5000 });
    await pick(agentPage, 'wrap-disposition-transferred');
    await agentPage.locator('#wrap-category').click();
    await agentPage.locator('#wrap-category').fill('水电');
    await agentPage.getByTitle('水电气暖').click();
    await agentPage.getByTestId('wrap-note').fill('转哈萨克语坐席');
    await agentPage.getByTestId('wrap-up-submit').click();
    await agentPage.locator('[data-testid="seat-state"][data-state="available"]').waitFor({ timeout: 10_000 });
    await agentPage.getByTestId('agent-idle').waitFor();
  });

  it('the lead sees the wallboard move, switches to home mode with a reason, and the agent gets the banner', async () => {
    await leadPage.waitForFunction(() => /[1-9]/.test(document.querySelector('[data-testid="wb-answered"]')?.textContent ?? ''), null, { timeout: 15_000 });
    // Callers no free seat can serve (Uyghur line, a Russian speaker) queue up: the wallboard shows them.
    for (const callerNumber of ['13899910001', '13899910002'])
      await postJson(bridge, '/api/lab/calls', { callerNumber, dialledNumber: '123453', patienceSeconds: 900 }, leadToken);
    await postJson(bridge, '/api/lab/calls', { callerNumber: DEMO_CALLERS.russianSpeaker, dialledNumber: '12345', patienceSeconds: 900 }, leadToken);
    await leadPage.locator('[data-testid="wb-waiting"]', { hasText: '3' }).waitFor({ timeout: 10_000 });
    await leadPage.getByTestId('wb-by-language').waitFor();
    assert.equal(await leadPage.getByTestId('wb-waiting-group').count(), 2, 'Uyghur and Russian groups');
    // Each group says why it waits (the reasons themselves are the component's and the bridge's tests).
    assert.equal(await leadPage.locator('[data-testid="wb-waiting-group"] [data-testid="wb-why"][data-reason]').count(), 2);
    await leadPage.getByTestId('service-level').waitFor();
    await leadPage.getByTestId('home-switch-open').click();
    await leadPage.getByTestId('home-preflight').locator('p').first().waitFor();
    assert.equal(await leadPage.getByTestId('home-switch-confirm').isDisabled(), true, 'no switch without a reason');
    await leadPage.getByTestId('home-switch-reason').fill('台风红色预警，全员居家接听');
    await leadPage.getByTestId('home-switch-confirm').click();
    await leadPage.locator('[data-testid="lead-centre-mode"]', { hasText: '居家坐席' }).waitFor({ timeout: 10_000 });
    await agentPage.getByTestId('home-mode-banner').waitFor({ timeout: 10_000 });
    assert.match(await textOf(agentPage, 'centre-mode'), /居家坐席/);
    await leadPage.locator('[data-testid="audit-entry"]').first().waitFor();
    await leadPage.waitForTimeout(400);
    await leadPage.screenshot({ path: join(SHOTS, 'lead-view.png'), fullPage: true });
    const violations = seriousOrWorse(await axeViolations(leadPage));
    assert.deepEqual(violations, [], describeViolations(violations));
  });

  it('the next offer says it rings the home contact', async () => {
    // The repeat caller: 一人多次 / 一事多人 / 催办 on the pop — the README's picture of the agent view.
    const caller = DEMO_CALLERS.repeatCaller;
    quietOtherSeats(bridge.callCenter, [seats.agent.id]);
    await postJson(bridge, '/api/lab/calls', { callerNumber: caller, dialledNumber: '12345', displayName: '王先生', patienceSeconds: 900 }, leadToken);
    await agentPage.getByTestId('offer-alert').waitFor({ timeout: 15_000 });
    assert.equal(await textOf(agentPage, 'pop-caller-number'), caller);
    assert.match(await textOf(agentPage, 'pop-home-contact'), /居家联系方式/);
    assert.ok(await agentPage.getByTestId('pop-flag-repeat-caller').isVisible());
    await agentPage.waitForTimeout(400); // let antd's colour transitions settle for the picture
    await agentPage.screenshot({ path: join(SHOTS, 'agent-view.png'), fullPage: true });
    const violations = seriousOrWorse(await axeViolations(agentPage));
    assert.deepEqual(violations, [], describeViolations(violations));
    await agentPage.getByTestId('offer-reject').click();
    await agentPage.getByTestId('offer-alert').waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('a wrap-up that runs out of time keeps what the agent typed (auto-closed) and frees the seat', async () => {
    quietOtherSeats(bridge.callCenter, [seats.agent.id]);
    // The agent rejected the last offer (so is Not Ready): back to work.
    // (Callers still waiting from the earlier steps may reach the agent first: any offer will do.)
    if ((await agentPage.getByTestId('seat-state').getAttribute('data-state')) === 'not-ready') await agentPage.getByTestId('go-available').click();
    await postJson(bridge, '/api/lab/calls', { callerNumber: '13912345678', dialledNumber: '12345', patienceSeconds: 900 }, leadToken);
    await agentPage.getByTestId('offer-alert').waitFor({ timeout: 15_000 });
    await agentPage.keyboard.press('Control+Shift+A');
    await agentPage.locator('[data-testid="call-controls"][data-call-state="connected"]').waitFor({ timeout: 15_000 });
    const callId = bridge.callCenter.seat(seats.agent.id)?.callId;
    assert.ok(callId);
    await agentPage.getByTestId('call-hangup').click();
    await agentPage.getByTestId('wrap-up-form').waitFor({ timeout: 15_000 });
    await agentPage.getByTestId('wrap-note').fill('市民反映停水，已记录，待回访');
    // The agent never submits: the typhoon preset's wrap-up time runs out on its own.
    await agentPage.locator('[data-testid="seat-state"]:not([data-state="wrap-up"])').waitFor({ timeout: 60_000 });
    assert.equal(await agentPage.getByTestId('wrap-up-form').count(), 0, 'the form closed with the wrap-up');
    const deadline = Date.now() + 10_000;
    let contact = await bridge.store.contact(callId);
    while (contact?.disposition !== 'auto-closed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      contact = await bridge.store.contact(callId);
    }
    assert.equal(contact?.disposition, 'auto-closed');
    assert.equal(contact?.note, '市民反映停水，已记录，待回访', 'what the agent typed was kept');
  });

  it('the lead switches the UI to English and back, antd included', async () => {
    await pick(leadPage, 'language-en');
    await leadPage.locator('#wallboard-title', { hasText: 'Wallboard' }).waitFor();
    assert.match(await textOf(leadPage, 'lead-centre-mode'), /Home seats/);
    assert.equal(await leadPage.evaluate(() => document.documentElement.lang), 'en');
    await pick(leadPage, 'language-zh-CN');
    await leadPage.locator('#wallboard-title', { hasText: '实时监控' }).waitFor();
  });

  it('a bridge restart logs no one out: the desktop reconnects, a reload keeps the agent logged in', async () => {
    const port = bridge.port;
    await bridge.close();
    // While the bridge is down the agent is told plainly and cannot press a call control.
    await agentPage.getByTestId('connection-lost').waitFor({ timeout: 10_000 });
    // Same port: the open pages reconnect to the address they were loaded from.
    bridge = await startBridge({ ...startOpts(), port });
    await agentPage.locator('[data-testid="connection"]', { hasText: '已连接' }).waitFor({ timeout: 30_000 });
    assert.equal(await agentPage.getByTestId('connection-lost').count(), 0, 'the banner goes with the reconnect');
    await agentPage.reload();
    await agentPage.getByTestId('state-bar').waitFor({ timeout: 15_000 });
    assert.equal(await agentPage.getByTestId('login-form').count(), 0, 'no login form after the reload');
    assert.match(await textOf(agentPage, 'current-user'), new RegExp(`\\(${seats.agent.id}\\)`), 'the same agent, without logging in again');
    await leadPage.getByTestId('wallboard').waitFor();
  });

  it('a session the lead ends brings the agent to the login form, which says why', async () => {
    const list = (await (await fetch(`${bridge.url}/api/sessions`, { headers: { Authorization: `Bearer ${leadToken}` } })).json()) as { id: string; user: { id: string } }[];
    const mine = list.filter((s) => s.user.id === seats.agent.id);
    assert.ok(mine.length > 0, 'the agent session survived the restart');
    for (const s of mine) await postJson(bridge, `/api/sessions/${s.id}/revoke`, {}, leadToken).catch(() => undefined);
    await agentPage.getByTestId('login-session-ended').waitFor({ timeout: 15_000 });
    assert.match(await textOf(agentPage, 'login-session-ended'), /值班长或管理员结束/);
    assert.equal(await agentPage.getByTestId('login-session-ended').getAttribute('data-reason'), 'revoked');
  });

  it('the whole run passed under the CSP: no page reported a violation', () => {
    assert.deepEqual(cspViolations, []);
  });
});

/**
 * Browser end-to-end in Uyghur (and a look at all four UI languages): a Uyghur-speaking agent picks
 * ئۇيغۇرچە on the login page, takes a call from the Uyghur line and works it through to wrap-up. The
 * whole layout mirrors (antd's direction + <html dir="rtl">), the caller's number and times stay left to
 * right, nothing overlaps, nothing English is left on the page, and axe finds nothing serious in zh-CN,
 * English, Uyghur or Kazakh. The run leaves test-results/screenshots/agent-view-ug.png to look at.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { startBridge } from '../../bridge/main.js';
import type { CallCenter, SeatView } from '../../bridge/calls/call-center-api.js';
import { SeatState } from '../../bridge/calls/call-center-api.js';
import { launchChromium } from './support/chromium.js';
import { axeViolations, describeViolations, seriousOrWorse } from './support/axe.js';
import { ensureDesktopBuilt } from './support/desktop-bundle.js';
import { watchCsp } from './support/csp-watch.js';
import { LAB_PASSWORD, postJson, SHOTS, type Bridge } from './support/lab-centre.js';

const CALLER = '09915550123'; // an Ürümqi landline

/** Click an antd radio button on its label, as a person does (antd hides the input). */
async function pick(page: Page, testId: string): Promise<void> {
  await page.locator('label', { has: page.getByTestId(testId) }).click();
  assert.equal(await page.getByTestId(testId).isChecked(), true, `${testId} picked`);
}

/** Rectangles of the visible elements matching `selector` that overlap each other (none expected). */
async function overlaps(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const boxes = [...document.querySelectorAll<HTMLElement>(sel)]
      .filter((e) => e.offsetParent !== null)
      .map((e) => ({ name: e.dataset.testid ?? e.className.toString().slice(0, 40), r: e.getBoundingClientRect() }));
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const b = boxes[j]!.r;
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 1 && y > 1) out.push(`${boxes[i]!.name} × ${boxes[j]!.name}`);
      }
    return out;
  }, selector);
}

/**
 * Words of three or more Latin letters in the page's text, screen-reader text included (an English
 * leftover). Not counted: the language switcher (each language's name in itself, "English" among them)
 * and key caps (<kbd>Ctrl</kbd> is what the keyboard says).
 */
async function latinWords(page: Page, selector: string): Promise<string[]> {
  const text = await page.locator(selector).evaluate((root) => {
    const copy = root.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.language-switcher, kbd').forEach((e) => e.remove());
    return copy.textContent ?? '';
  });
  return [...new Set(text.match(/[A-Za-z]{3,}/g) ?? [])];
}

function uyghurSeat(callCenter: CallCenter): SeatView {
  const seat = callCenter.seats().find((s) => s.languages.includes('ug') && s.desks.includes('general'));
  assert.ok(seat, 'seed has a Uyghur-speaking general seat');
  return seat;
}

describe('e2e: the desktop in Uyghur, Kazakh, English and Chinese', function () {
  this.timeout(180_000);
  let bridge: Bridge;
  let browser: Browser;
  let page: Page;
  let leadToken: string;
  let dataDir: string;
  let agent: SeatView;
  const cspViolations: string[] = [];

  before(async () => {
    await ensureDesktopBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'hotline-e2e-i18n-'));
    bridge = await startBridge({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      labArrivalsPerMinute: 0,
      env: { ...process.env, HOTLINE_CONFIG: undefined, DATABASE_URL: undefined, REDIS_URL: undefined },
      logger: pino({ level: process.env.E2E_LOG_LEVEL ?? 'warn' }),
    });
    browser = await launchChromium();
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    await watchCsp(ctx, cspViolations);
    page = await ctx.newPage();
    leadToken = (await postJson<{ token: string }>(bridge, '/api/auth/login', { userId: 'lead1', password: LAB_PASSWORD })).token;
    agent = uyghurSeat(bridge.callCenter);
    // Only this seat takes calls, so the staged call reaches it.
    for (const s of bridge.callCenter.seats())
      if (s.id !== agent.id && s.state === SeatState.Available) bridge.callCenter.forceSeatState('e2e-setup', s.id, SeatState.NotReady, 'training');
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await bridge?.close().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('the agent picks ئۇيغۇرچە on the login page: the page turns right to left, and stays so after a reload', async () => {
    await page.goto(bridge.url);
    await pick(page, 'language-ug');
    await page.locator('html[dir="rtl"][lang="ug"]').waitFor();
    assert.equal(await page.locator('.login-title').innerText(), 'مۇلازىمەت ئورنىغا كىرىش');
    await page.reload();
    await page.locator('html[dir="rtl"][lang="ug"]').waitFor();
    await page.getByTestId('login-user').fill(agent.id);
    await page.getByTestId('login-password').fill(LAB_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('state-bar').waitFor();
    assert.equal(await page.getByTestId('language-ug').isChecked(), true, 'the header switcher shows Uyghur');
  });

  it('goes available in Uyghur', async () => {
    const bar = page.getByTestId('seat-state');
    if ((await bar.getAttribute('data-state')) === 'available') {
      await page.getByTestId('not-ready-break').click();
      await page.locator('[data-testid="seat-state"][data-state="not-ready"]').waitFor();
    }
    await page.getByTestId('go-available').click();
    await page.locator('[data-testid="seat-state"][data-state="available"]').waitFor();
    assert.match(await page.getByTestId('centre-mode').innerText(), /ئىشخانا ئورنى/);
  });

  it('a call on the Uyghur line rings: mirrored layout, left-to-right numbers, reasons and names in Uyghur, nothing overlapping', async () => {
    await postJson(bridge, '/api/lab/calls', { callerNumber: CALLER, dialledNumber: '123453', patienceSeconds: 900 }, leadToken);
    await page.getByTestId('offer-alert').waitFor({ timeout: 15_000 });
    // Mirrored: the title sits at the right edge of the header, the logout button at the left.
    const header = await page.locator('.app-header').boundingBox();
    const title = await page.locator('.app-title').boundingBox();
    const logout = await page.getByTestId('logout').boundingBox();
    assert.ok(header && title && logout);
    assert.ok(title.x + title.width > header.x + header.width - 40, 'title at the right');
    assert.ok(logout.x < header.x + header.width / 2, 'logout at the left');
    assert.equal(await page.locator('.ant-descriptions-rtl').count(), 1, 'antd mirrors the pop facts');
    // The caller's number reads left to right, whole, inside the right-to-left page.
    const number = page.getByTestId('pop-caller-number');
    assert.equal(await number.innerText(), CALLER);
    assert.equal(await number.evaluate((e) => getComputedStyle(e).direction), 'ltr');
    assert.equal(await number.evaluate((e) => getComputedStyle(e).unicodeBidi), 'isolate');
    // The dialled line and the reasons in Uyghur, the number 123453 kept as digits.
    assert.match(await page.getByTestId('pop-did').innerText(), /ئۇيغۇر تىلى مۇلازىمەت لىنىيىسى/);
    const reasons = await page.getByTestId('pop-reason').allInnerTexts();
    assert.ok(reasons.some((r) => r.includes('123453') && r.includes('ئۇيغۇر تىلى ئورنى زۆرۈر')), reasons.join(' | '));
    assert.match(await page.getByTestId('pop-language').innerText(), /ئۇيغۇر تىلى/);
    assert.deepEqual(await latinWords(page, '#root'), [], 'no English on the Uyghur page');
    assert.deepEqual(await overlaps(page, '.app-header > *'), []);
    assert.deepEqual(await overlaps(page, '.app-header .ant-space-item'), []);
    assert.deepEqual(await overlaps(page, '.state-bar > *'), []);
    assert.deepEqual(await overlaps(page, '.offer-head > *'), []);
    await page.waitForTimeout(400); // let antd's colour transitions settle for the picture
    await page.screenshot({ path: join(SHOTS, 'agent-view-ug.png'), fullPage: true });
    const violations = seriousOrWorse(await axeViolations(page));
    assert.deepEqual(violations, [], describeViolations(violations));
  });

  it('the agent accepts, holds, resumes, hangs up and wraps up — all in Uyghur', async () => {
    await page.getByTestId('offer-accept').click();
    await page.locator('[data-testid="call-controls"][data-call-state="connected"]').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('call-caller').innerText(), CALLER);
    await page.getByTestId('call-hold').click();
    await page.getByTestId('call-held').waitFor();
    assert.match(await page.getByTestId('call-held').innerText(), /ساقلىتىلدى/);
    await page.getByTestId('call-resume').click();
    await page.getByTestId('call-connected').waitFor();
    // The pointer rests on the button it clicked: move it off, so axe sees the colours at rest.
    await page.mouse.move(700, 990);
    assert.deepEqual(await latinWords(page, '#root'), [], 'no English during the call');
    await page.screenshot({ path: join(SHOTS, 'agent-call-ug.png'), fullPage: true });
    const violations = seriousOrWorse(await axeViolations(page));
    assert.deepEqual(violations, [], describeViolations(violations));
    await page.getByTestId('call-hangup').click();
    await page.getByTestId('wrap-up-form').waitFor({ timeout: 15_000 });
    await pick(page, 'wrap-disposition-resolved');
    await page.getByTestId('wrap-note').fill('سۇ توختاپ قالغان، خاتىرىلەندى');
    await page.getByTestId('wrap-up-submit').click();
    await page.locator('[data-testid="seat-state"][data-state="available"]').waitFor({ timeout: 10_000 });
    await page.getByTestId('agent-idle').waitFor();
  });

  for (const [lng, title] of [
    ['kk', '12345 وپەراتور ورنى'],
    ['en', '12345 Agent Desktop'],
    ['zh-CN', '12345 坐席工作台'],
  ] as const)
    it(`switches to ${lng} in place, ${lng === 'kk' ? 'still' : 'no longer'} right to left, and axe finds nothing serious`, async () => {
      await pick(page, `language-${lng}`);
      await page.locator('.app-title', { hasText: title }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dir), lng === 'kk' ? 'rtl' : 'ltr');
      assert.equal(await page.evaluate(() => document.documentElement.lang), lng);
      if (lng === 'kk') assert.deepEqual(await latinWords(page, '#root'), [], 'no English on the Kazakh page');
      // A pop in this language too (axe over the busiest screen): one caller keeps waiting, and each
      // language's turn takes the offer again by going available after the last one was rejected.
      if (lng === 'kk') await postJson(bridge, '/api/lab/calls', { callerNumber: CALLER, dialledNumber: '12345', patienceSeconds: 900 }, leadToken);
      else await page.getByTestId('go-available').click();
      await page.getByTestId('offer-alert').waitFor({ timeout: 15_000 });
      await page.mouse.move(700, 990);
      if (lng === 'kk') await page.screenshot({ path: join(SHOTS, 'agent-view-kk.png'), fullPage: true });
      const violations = seriousOrWorse(await axeViolations(page));
      assert.deepEqual(violations, [], describeViolations(violations));
      await page.getByTestId('offer-reject').click();
      await page.getByTestId('offer-alert').waitFor({ state: 'detached', timeout: 10_000 });
    });

  it('ran under the CSP: no page reported a violation', () => {
    assert.deepEqual(cspViolations, []);
  });
});

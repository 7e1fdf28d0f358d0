/**
 * The centre an e2e test drives: the real bridge (lab switch, embedded SQLite, hub, REST) in-process on
 * a loopback port, the built SPA, and Debian's Chromium; one `close()` for all of it. Plus what every
 * desktop test does first: log in through the login form, and where screenshots go.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { startBridge } from '../../../bridge/main.js';
import { tempDataDir, writeTestConfig } from '../../support/product-process.js';
import { launchChromium } from './chromium.js';
import { ensureDesktopBuilt } from './desktop-bundle.js';

export type Bridge = Awaited<ReturnType<typeof startBridge>>;

/** The seed users' password (config/default.yaml, fixtures/seed). */
export const LAB_PASSWORD = 'hotline-lab';
/** An ignored folder, so `npm test` never rewrites tracked files; `npm run screenshots` points it at the README's pictures. */
export const SHOTS = process.env.SCREENSHOTS_DIR ? resolve(process.env.SCREENSHOTS_DIR) : fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

/** POSTs JSON as a REST client (optionally as a logged-in user) and returns the JSON answer; fails the test on an error status. */
export async function postJson<T>(bridge: Bridge, path: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(`${bridge.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${path} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

export async function logIn(page: Page, url: string, userId: string, password = LAB_PASSWORD): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-user').fill(userId);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

export interface LabCentre {
  bridge: Bridge;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts the centre with the shipped config plus `config` (see writeTestConfig), its own data folder,
 * no generated calls, and no outside store, Redis or metrics token from the environment.
 */
export async function openLabCentre(prefix: string, config?: Record<string, unknown>): Promise<LabCentre> {
  await ensureDesktopBuilt();
  const tmp = tempDataDir(prefix);
  const bridge = await startBridge({
    ...(config ? { configPath: writeTestConfig(tmp.dir, { ...config, store: { dataDir: tmp.dir, ...(config.store as object | undefined) } }) } : { host: '127.0.0.1', port: 0 }),
    dataDir: tmp.dir,
    labArrivalsPerMinute: 0,
    env: { ...process.env, HOTLINE_CONFIG: undefined, DATABASE_URL: undefined, REDIS_URL: undefined, METRICS_TOKEN: undefined },
    logger: pino({ level: process.env.E2E_LOG_LEVEL ?? 'warn' }),
  });
  const browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
  return {
    bridge,
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await bridge.close().catch(() => undefined);
      tmp.remove();
    },
  };
}

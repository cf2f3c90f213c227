import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../../scripts/chromium.ts';
import { makeTestApp, type TestApp } from '../helpers/app.ts';
import { ROOT_DIR, type Config } from '../../server/config.ts';

export { CHROMIUM_PATH };
export const SCREENSHOT_DIR = path.join(ROOT_DIR, 'test-results');

export interface E2E {
  base: string;
  browser: Browser;
  t: TestApp;
  close(): Promise<void>;
}

/** Starts the built app over a fresh sample database on a free port (with `config` over the test defaults), and a headless Chromium. */
export async function startE2E(config: Partial<Config> = {}): Promise<E2E> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-e2e-'));
  const t = await makeTestApp({
    sample: true,
    dbFile: path.join(dir, 'e2e.sqlite'),
    config: { BASEMAP: 'osm', ...config },
  });
  const server: Server = await new Promise((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const addr = server.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const browser = await launchChromium();
  return {
    base,
    browser,
    t,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fails the test on any uncaught page error or console error other than blocked tile requests. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * A fresh browser context (own cookies and storage) in which every request to a host other than
 * the test server is aborted, so base-map tiles fail fast instead of waiting for the network.
 */
export async function newContext(
  browser: Browser,
  opts: { width?: number; height?: number; locale?: string } = {},
): ReturnType<Browser['newContext']> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 },
    locale: opts.locale ?? 'zh-CN',
  });
  await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (r) => r.abort());
  return context;
}

/**
 * Signs in through the login page and waits until the map has drawn its villages (`next=/` asks
 * for the map: a secretary would otherwise land on their village's page).
 */
export async function login(page: Page, base: string, username: string, password = 'xiangtu-demo'): Promise<void> {
  await page.goto(`${base}/login?next=%2F`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('map').waitFor();
  // A CSS wait, not waitForFunction: the app's CSP forbids the eval that function polling needs.
  await page.locator('[data-testid=map][data-villages-drawn]:not([data-villages-drawn="0"])').waitFor();
}

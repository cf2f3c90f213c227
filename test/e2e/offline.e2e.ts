/// <reference lib="dom" />
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

interface Feature {
  id: number;
  properties: Record<string, unknown> & { version: number; name: string };
}

/** A small phone (360 px wide): touch, mobile viewport. */
async function phone(e2e: E2E): Promise<BrowserContext> {
  const context = await e2e.browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (r) => r.abort());
  return context;
}

/** Signs the secretary in; they land on their own village. @returns the village id */
async function signInSecretary(page: Page, base: string): Promise<number> {
  await page.goto(`${base}/login`);
  await page.getByTestId('login-username').fill('secretary');
  await page.getByTestId('login-password').fill('xiangtu-demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('village-name').waitFor();
  await expect.poll(() => page.getByTestId('village-page').getAttribute('data-can-edit')).toBe('true');
  return Number(await page.getByTestId('village-page').getAttribute('data-village-id'));
}

const badge = (page: Page) => page.getByTestId('outbox-badge');
const badgeCount = (page: Page) => badge(page).getAttribute('data-count');
/** Nothing is wider than the screen. */
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
/** Errors a page without a connection is expected to log. */
const offlineNoise = (e: string) => /ERR_INTERNET_DISCONNECTED|Failed to fetch|network/i.test(e);

describe.skipIf(!inject('chromium'))('offline editing on a phone', () => {
  let e2e: E2E;
  let api: <T>(path: string) => Promise<T>;
  beforeAll(async () => {
    e2e = await startE2E();
    const admin = await e2e.browser.newContext();
    const res = await admin.request.post(`${e2e.base}/api/session`, {
      data: { username: 'admin', password: 'xiangtu-demo' },
    });
    expect(res.status()).toBe(201);
    api = async <T>(path: string) => (await (await admin.request.get(`${e2e.base}${path}`)).json()) as T;
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('keeps two edits made through the forms on the phone, with a badge, and saves both when back online', async () => {
    const context = await phone(e2e);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = watchErrors(page);
    const villageId = await signInSecretary(page, e2e.base);
    // The service worker has installed (shell precached) and controls the page…
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 })
      .toBe(true);
    // …and has seen who is signed in, so the app can open as this user offline.
    await expect.poll(() => page.evaluate(() => caches.match('/api/session').then(Boolean))).toBe(true);
    expect(await badge(page).count()).toBe(0); // online, nothing waiting

    const village = await api<Feature>(`/api/villages/${villageId}`);
    const [asset] = (await api<{ features: Feature[] }>(`/api/assets?village=${villageId}`)).features;

    await context.setOffline(true);
    await expect.poll(() => badge(page).textContent()).toContain('离线');

    // The profile: the form edits the village as the page loaded it, and keeps the save on the phone.
    await page.getByTestId('village-tab-profile').click();
    await page.getByTestId('village-edit-profile').click();
    await page.getByTestId('editor-offline').scrollIntoViewIfNeeded();
    await screenshot(page, 'offline-profile-form-360');
    await page.getByTestId('rf-households').fill('456');
    await page.getByTestId('editor-save').click();
    await expect.poll(() => page.getByTestId('village-toast').getAttribute('data-kind')).toBe('warn');
    expect(await page.getByTestId('village-toast').textContent()).toContain('修改已保存在手机上');
    await expect.poll(() => badgeCount(page)).toBe('1');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await screenshot(page, 'offline-profile-360');

    // An asset: the same, through the asset sheet.
    await page.getByTestId('village-tab-assets').click();
    await page.locator(`[data-testid=asset-row][data-id="${asset!.id}"]`).click();
    await page.getByTestId('editor-offline').waitFor();
    await page.getByTestId('rf-notes').fill('离线时记下的备注');
    await page.getByTestId('editor-save').click();
    await expect.poll(() => page.getByTestId('editor-status').getAttribute('data-kind')).toBe('warn');
    expect(await page.getByTestId('editor-status').textContent()).toContain('修改已保存在手机上');
    await expect.poll(() => badgeCount(page)).toBe('2');
    await page.getByTestId('editor-status').scrollIntoViewIfNeeded();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await screenshot(page, 'offline-asset-360');

    // The app shell opens offline from the service worker, and the queue (IndexedDB) is still there.
    const shell = await page.reload();
    expect(shell?.fromServiceWorker()).toBe(true);
    await page.getByTestId('user-menu').waitFor();
    await expect.poll(() => badgeCount(page)).toBe('2');
    await badge(page).click();
    await expect.poll(() => page.getByTestId('outbox-entry').count()).toBe(2);
    expect(await page.getByTestId('outbox-entry').first().getAttribute('data-status')).toBe('pending');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await screenshot(page, 'offline-list-360');

    await context.setOffline(false);
    await page.getByTestId('outbox-empty').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => badge(page).count()).toBe(0);

    const v = await api<Feature>(`/api/villages/${villageId}`);
    expect(v.properties).toMatchObject({ version: village.properties.version + 1, households: 456 });
    const a = await api<Feature>(`/api/assets/${asset!.id}`);
    expect(a.properties).toMatchObject({ version: asset!.properties.version + 1, notes: '离线时记下的备注' });
    expect(errors.filter((e) => !offlineNoise(e))).toEqual([]);
    await context.close();
  });

  it('shows a sync conflict in the editor’s conflict view, field by field, and saves the choice', async () => {
    const context = await phone(e2e);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = watchErrors(page);
    const villageId = await signInSecretary(page, e2e.base);
    const before = await api<Feature>(`/api/villages/${villageId}`);

    // Two edits of the profile offline (the conflict view will show them as one).
    await context.setOffline(true);
    await page.getByTestId('village-tab-profile').click();
    await page.getByTestId('village-edit-profile').click();
    await page.getByTestId('editor-offline').waitFor();
    await page.getByTestId('rf-notes').fill('书记离线时写的备注');
    await page.getByTestId('editor-save').click();
    await expect.poll(() => badgeCount(page)).toBe('1');
    await page.getByTestId('village-edit-profile').click();
    await page.getByTestId('rf-households').fill('654');
    await page.getByTestId('editor-save').click();
    await expect.poll(() => badgeCount(page)).toBe('2');

    // Meanwhile the township office saves the same village.
    const other = await page.context().browser()!.newContext();
    await other.request.post(`${e2e.base}/api/session`, { data: { username: 'admin', password: 'xiangtu-demo' } });
    const saved = await other.request.patch(`${e2e.base}/api/villages/${villageId}`, {
      headers: { 'If-Match': `"${before.properties.version}"` },
      data: { properties: { notes: '乡镇办公室的备注' } },
    });
    expect(saved.status()).toBe(200);
    await other.close();

    // Back online: the replay meets the newer version and asks the secretary.
    await context.setOffline(false);
    await expect.poll(() => badge(page).getAttribute('class')).toContain('attention');
    await badge(page).click();
    const entry = page.getByTestId('outbox-entry').first();
    await expect.poll(() => entry.getAttribute('data-status')).toBe('conflict');
    await entry.getByTestId('outbox-resolve').click();
    await page.getByTestId('conflict-view').waitFor();
    expect(await page.getByTestId('outbox-merged').textContent()).toContain('2 次修改');
    const row = (key: string) => page.getByTestId('conflict-row').and(page.locator(`[data-key=${key}]`));
    await expect.poll(() => row('notes').getByTestId('conflict-mine-value').textContent()).toBe('书记离线时写的备注');
    expect(await row('notes').getByTestId('conflict-theirs-value').textContent()).toBe('乡镇办公室的备注');
    expect(await row('households').getByTestId('conflict-mine-value').textContent()).toBe('654');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(360);
    await screenshot(page, 'offline-conflict-360');

    // Their notes, my households.
    await row('notes').getByTestId('conflict-theirs').check();
    await page.getByTestId('conflict-apply').click();
    await page.getByTestId('outbox-empty').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => badge(page).count()).toBe(0);

    const after = await api<Feature>(`/api/villages/${villageId}`);
    expect(after.properties).toMatchObject({
      version: before.properties.version + 2,
      notes: '乡镇办公室的备注',
      households: 654,
    });
    // The page shows the village as saved.
    await expect.poll(() => page.getByTestId('village-page').textContent()).toContain('乡镇办公室的备注');
    expect(errors.filter((e) => !offlineNoise(e))).toEqual([]);
    await context.close();
  });
});

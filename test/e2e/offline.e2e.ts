/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WriteRequest, WriteResult } from '../../client/src/offline/types.ts';
import { login, newContext, screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

// The secretary's village forms are not on this branch yet: the edits go through the
// `window.__xiangtuOutbox.send` hook, i.e. the same `sendWrite` those forms call.
function send(page: Page, req: WriteRequest): Promise<WriteResult> {
  type Hook = { __xiangtuOutbox: { send(r: WriteRequest): Promise<WriteResult> } };
  return page.evaluate((r) => (window as unknown as Hook).__xiangtuOutbox.send(r), req);
}

const badgeCount = (page: Page) => page.getByTestId('outbox-badge').getAttribute('data-count');

describe.skipIf(!inject('chromium'))('offline editing on a phone', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('opens offline, keeps two edits on the phone with a badge, and saves both when back online', async () => {
    const context = await newContext(e2e.browser, { width: 390, height: 844 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'secretary');
    // The service worker has installed (shell precached) and controls the page.
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 })
      .toBe(true);
    // …and has seen who is signed in, so the app can open as this user offline.
    await expect.poll(() => page.evaluate(() => caches.match('/api/session').then(Boolean))).toBe(true);
    expect(await page.getByTestId('outbox-badge').count()).toBe(0); // online, nothing waiting

    const me = (await (await page.request.get(`${e2e.base}/api/session`)).json()) as { user: { village_id: number } };
    const url = `/api/villages/${me.user.village_id}`;
    const before = (await (await page.request.get(e2e.base + url)).json()) as {
      properties: { version: number; name: string };
    };
    const version = String(before.properties.version);

    await context.setOffline(true);
    const shell = await page.reload();
    expect(shell?.fromServiceWorker()).toBe(true);
    // The page really is offline (API calls do not pass through the worker)…
    expect(
      await page.evaluate(() =>
        fetch('/api/health').then(
          () => 'reached',
          () => 'failed',
        ),
      ),
    ).toBe('failed');
    // …and still opens as the signed-in secretary, saying it is offline.
    await page.getByTestId('user-menu').waitFor();
    await expect.poll(() => page.getByTestId('outbox-badge').textContent()).toContain('离线');

    const label = `${before.properties.name} · 修改`;
    const base = { method: 'PATCH', url, layer: 'villages', id: me.user.village_id, label } as const;
    // Both edits start from the version the page loaded; the outbox chains the second onto the first.
    const first = await send(page, { ...base, body: { properties: { notes: '离线时记下的备注' } }, ifMatch: version });
    const second = await send(page, { ...base, body: { properties: { households: 456 } }, ifMatch: version });
    expect(first).toMatchObject({ queued: true });
    expect(second).toMatchObject({ queued: true });
    await expect.poll(() => badgeCount(page)).toBe('2');

    // The queue is in IndexedDB: a reload while offline keeps it.
    await page.reload();
    await expect.poll(() => badgeCount(page)).toBe('2');

    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, 'offline-badge-360');
    await page.getByTestId('outbox-badge').click();
    await expect.poll(() => page.getByTestId('outbox-entry').count()).toBe(2);
    expect(await page.getByTestId('outbox-entry').first().getAttribute('data-status')).toBe('pending');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, 'offline-list-360');

    await context.setOffline(false);
    await page.getByTestId('outbox-empty').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('outbox-badge').count()).toBe(0);

    const after = (await (await page.request.get(e2e.base + url)).json()) as {
      properties: { version: number; notes: string; households: number };
    };
    expect(after.properties).toMatchObject({
      version: before.properties.version + 2,
      notes: '离线时记下的备注',
      households: 456,
    });
    expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|network/i.test(e))).toEqual([]);
    await context.close();
  });
});

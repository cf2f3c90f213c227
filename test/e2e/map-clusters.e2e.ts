/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, newContext, screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

/** The view's zoom from the URL (`c=lng,lat,zoom`). */
const urlZoom = (page: Page) => Number(new URL(page.url()).searchParams.get('c')?.split(',')[2]);

describe.skipIf(!inject('chromium'))('zoomed-out views draw counted clusters', () => {
  let e2e: E2E;
  beforeAll(async () => {
    // The sample county has 63 villages: with a threshold of 10 its zoomed-out views cluster,
    // as a province's 17,000 would with the default 2,000.
    e2e = await startE2E({ MAP_CLUSTER_ABOVE: 10 });
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('counts every village in bubbles, explains them, and zooms in on one by click or keyboard', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'official');
    const all = (await (await page.request.get(`${e2e.base}/api/villages?limit=1`)).json()) as { total: number };
    expect(all.total).toBeGreaterThan(10);

    // Zoom out below the cluster zoom over the county's centre.
    const [lng, lat] = new URL(page.url()).searchParams.get('c')!.split(',');
    await page.goto(`${e2e.base}/?c=${lng},${lat},9`);
    const bubbles = page.locator('.xt-cluster');
    await expect.poll(() => bubbles.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.locator(`[data-testid=map][data-clustered-villages="${all.total}"]`).waitFor();
    // The bubbles hold every village of the county, once.
    let sum = 0;
    for (const b of await bubbles.locator('span').all()) sum += Number(await b.getAttribute('data-count'));
    expect(sum).toBe(all.total);
    expect(await page.getByTestId('clustered').textContent()).toContain(`${all.total} 个村`);
    expect(await page.getByTestId('legend-section-villages').textContent()).toContain('按区域汇总');
    expect(await page.evaluate<number>('window.__xiangtu.villageIds().length')).toBe(0);
    await screenshot(page, 'map-clusters');

    // Enter on a focused bubble zooms in two levels, like a click.
    const many = page.locator('.xt-cluster').filter({ hasNot: page.locator('span[data-count="1"]') });
    await many.first().focus();
    expect(await many.first().getAttribute('title')).toMatch(/^\d+ 个村，点击放大$/);
    await page.keyboard.press('Enter');
    await expect.poll(() => urlZoom(page)).toBe(11);
    // At zoom 11 the villages are listed again, coloured by theme.
    await page.locator('[data-testid=map][data-villages-drawn]:not([data-villages-drawn="0"])').waitFor();
    await expect.poll(() => bubbles.count()).toBe(0);
    expect(await page.getByTestId('clustered').count()).toBe(0);

    // Back out and click a bubble.
    await page.goto(`${e2e.base}/?c=${lng},${lat},8`);
    await expect.poll(() => bubbles.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await bubbles.first().click();
    await expect.poll(() => urlZoom(page)).toBe(10);

    // A phone.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${e2e.base}/?c=${lng},${lat},8`);
    await expect.poll(() => bubbles.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(page, 'map-clusters-phone');

    // English.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('clustered').textContent()).toContain('villages in this area');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("outlines a province's hundreds of townships only from zoom 7 (those in view), a county's at every zoom", async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'admin');
    const outlines = () => page.evaluate<number>('window.__xiangtu.townshipOutlines()');
    // The county's few townships show even zoomed far out.
    const [lng, lat] = new URL(page.url()).searchParams.get('c')!.split(',');
    await page.goto(`${e2e.base}/?c=${lng},${lat},5&layers=townships,villages`);
    await page.locator('[data-testid=map][data-clustered-villages]').waitFor();
    const county = (await (await page.request.get(`${e2e.base}/api/townships?limit=1`)).json()) as { total: number };
    await expect.poll(outlines).toBe(county.total);
    // 200 more townships far away (a 0.05° square each near 100°E 30°N): now a province's worth.
    for (let i = 0; i < 200; i++) {
      const [x, y] = [100 + (i % 20) * 0.06, 30 + Math.floor(i / 20) * 0.06];
      const res = await page.request.post(`${e2e.base}/api/townships`, {
        data: {
          type: 'Feature',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [x, y],
                [x + 0.05, y],
                [x + 0.05, y + 0.05],
                [x, y + 0.05],
                [x, y],
              ],
            ],
          },
          properties: { code: `5101${String(10000 + i)}`, name: `测试${i}镇`, county: '测试县' },
        },
      });
      expect(res.status()).toBe(201);
    }
    await page.goto(`${e2e.base}/?c=100.6,30.3,6&layers=townships,villages`);
    await page.getByTestId('map').waitFor();
    await page.waitForTimeout(1500);
    expect(await outlines()).toBe(0);
    // From zoom 7 the outlines of the view are fetched: the 200, not the county's far away.
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/townships') fetched.push(r.url());
    });
    await page.goto(`${e2e.base}/?c=100.6,30.3,8&layers=townships,villages`);
    await expect.poll(outlines, { timeout: 10_000 }).toBe(200);
    expect(fetched.length).toBeGreaterThan(0);
    expect(fetched.every((u) => new URL(u).searchParams.has('bbox'))).toBe(true);
    await screenshot(page, 'map-many-townships');
    expect(errors).toEqual([]);
    await context.close();
  });
});

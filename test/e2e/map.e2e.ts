import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Response } from 'playwright-core';
import { MAP_VILLAGE_BOUNDARY_PROPERTIES, MAP_VILLAGE_PROPERTIES } from '../../common/map-properties.ts';
import { login, newContext, screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

describe.skipIf(!inject('chromium'))('the map (walking skeleton)', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('signs an official in, draws the villages and opens the one clicked, on desktop and phone', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    // The view's villages come with only what the map draws; the panel loads the whole record.
    const viewLists: Promise<{ url: string; keys: string[] } | null>[] = [];
    const onResponse = (r: Response) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/villages' && url.searchParams.has('bbox'))
        viewLists.push(
          r
            .json()
            .then((fc: { features: { properties: object }[] }) => ({
              url: r.url(),
              keys: Object.keys(fc.features[0]?.properties ?? {}).sort(),
            }))
            // A list answered while the page moved on (sign-in's redirect) has no body left to read.
            .catch((e: unknown) => {
              if (/navigated away|No data found for resource/.test(String(e))) return null;
              throw e;
            }),
        );
    };
    page.on('response', onResponse);

    await login(page, e2e.base, 'official');
    await expect
      .poll(() => page.evaluate<number>('Number(document.body.dataset.villagesDrawn ?? 0)'))
      .toBeGreaterThan(10);

    page.off('response', onResponse); // the panel's own lists (villages nearby) are whole records
    const lists = (await Promise.all(viewLists)).filter((l) => l !== null);
    expect(lists.length).toBeGreaterThan(0);
    for (const l of lists) {
      const wanted: readonly string[] =
        new URL(l.url).searchParams.get('geom') === 'boundary'
          ? MAP_VILLAGE_BOUNDARY_PROPERTIES
          : MAP_VILLAGE_PROPERTIES;
      expect(new URL(l.url).searchParams.get('properties'), l.url).toBe(wanted.join(','));
      if (l.keys.length) expect(l.keys).toEqual([...wanted].sort());
    }

    const id = await page.evaluate<number>('window.__xiangtu.villageIds()[0]');
    const pixel = await page.evaluate<{ x: number; y: number } | null>(`window.__xiangtu.villagePixel(${id})`);
    const box = await page.getByTestId('map').boundingBox();
    expect(pixel).not.toBeNull();
    expect(box).not.toBeNull();
    await page.mouse.click(box!.x + pixel!.x, box!.y + pixel!.y);

    const res = await page.request.get(`${e2e.base}/api/villages/${id}`);
    expect(res.status()).toBe(200);
    const { properties } = (await res.json()) as { properties: { name: string } };
    await page.getByTestId('detail-panel').waitFor();
    await expect.poll(() => page.getByTestId('detail-title').textContent()).toBe(properties.name);
    await expect.poll(() => page.getByTestId('user-name').textContent()).toBe('柳河镇干部');
    await screenshot(page, 'map-desktop');

    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByTestId('detail-title').waitFor();
    await page.waitForTimeout(400); // the map settles after the resize (pan to keep the village in view)
    await screenshot(page, 'map-phone');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    expect(errors).toEqual([]);
    await context.close();
  });
});

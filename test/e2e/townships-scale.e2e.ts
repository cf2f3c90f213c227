/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { insertRows } from '../../scripts/synth/load.ts';
import { login, newContext, screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

/**
 * The nation's township count in miniature: 5,100 more townships (0.18° squares in a 100 × 51
 * grid from 110°E 25°N) on top of the sample county, so the last lies beyond the first 5,000 by
 * id — past what `GET /api/townships` returns by default.
 */
const EXTRA = 5100;
const FAR_NAME = '远端测试镇';

type IndexBody = { townships: { id: number; name: string; county: string }[] };

describe.skipIf(!inject('chromium'))('the nation’s townships in pickers and on the map', () => {
  let e2e: E2E;
  let far: { id: number; name: string; county: string };
  beforeAll(async () => {
    e2e = await startE2E();
    const at = '2026-11-29T00:00:00.000Z';
    const rows = Array.from({ length: EXTRA }, (_, i) => {
      const [x, y] = [110 + (i % 100) * 0.2, 25 + Math.floor(i / 100) * 0.2];
      const ring = [
        [x, y],
        [x + 0.18, y],
        [x + 0.18, y + 0.18],
        [x, y + 0.18],
        [x, y],
      ];
      return {
        code: String(520000000 + i),
        name: i === EXTRA - 1 ? FAR_NAME : `测试${i}镇`,
        county: `测试${Math.floor(i / 12)}县`,
        geometry: JSON.stringify({ type: 'Polygon', coordinates: [ring] }),
        minx: x,
        miny: y,
        maxx: x + 0.18,
        maxy: y + 0.18,
        version: 1,
        created_at: at,
        created_by: 'e2e',
        updated_at: at,
        updated_by: 'e2e',
      };
    });
    await insertRows(e2e.t.db.knex, 'townships', rows);
    const row = (await e2e.t.db.knex('townships').where({ name: FAR_NAME }).first()) as typeof far;
    far = { id: Number(row.id), name: row.name, county: row.county };
    expect(far.id).toBeGreaterThan(5000);
  });
  afterAll(async () => {
    await e2e?.close();
  });

  /** The township requests a page made: none may ask for every outline. */
  function watchTownshipRequests(page: Page): string[] {
    const urls: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/api/townships')) urls.push(u.pathname + u.search);
    });
    return urls;
  }

  it('finds a township beyond the first 5,000 in the map’s filter and the dashboard’s scope', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const requests = watchTownshipRequests(page);
    await login(page, e2e.base, 'admin');
    const index = (await (await page.request.get(`${e2e.base}/api/townships/index`)).json()) as IndexBody;
    expect(index.townships.length).toBeGreaterThan(EXTRA);
    expect(index.townships.some((t) => t.id === far.id)).toBe(true);

    // The map's township filter: a search box, and the far township found by its name.
    await page.getByTestId('controls-toggle').click();
    await page.locator('summary', { hasText: '乡镇' }).first().click();
    expect(await page.getByTestId('township-more').textContent()).toMatch(/另有 \d+ 个乡镇未列出/);
    await page.getByTestId('township-search').first().fill(FAR_NAME);
    const box = page.getByTestId(`filter-township-${far.id}`);
    await box.waitFor();
    await screenshot(page, 'township-filter-search');
    await box.check();
    await expect.poll(() => new URL(page.url()).searchParams.get('township')).toBe(String(far.id));
    // The map asked for the index and for outlines by view, never for every township.
    expect(requests.some((u) => u === '/api/townships/index')).toBe(true);
    expect(requests.filter((u) => u.startsWith('/api/townships?')).every((u) => /[?&]bbox=/.test(u))).toBe(true);

    // The dashboard's scope picker.
    await page.goto(`${e2e.base}/dashboard`);
    await page.getByTestId('dashboard').waitFor();
    await page.getByTestId('township-search').fill(far.county);
    await page.getByTestId('dash-scope').selectOption(String(far.id));
    await screenshot(page, 'dashboard-township-search');
    await expect.poll(() => new URL(page.url()).searchParams.get('township')).toBe(String(far.id));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('outlines only the townships of the view, on a 360 px phone too', async () => {
    const context = await newContext(e2e.browser, { width: 360, height: 740 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    const requests = watchTownshipRequests(page);
    await login(page, e2e.base, 'admin');
    const outlines = () => page.evaluate<number>('window.__xiangtu.townshipOutlines()');
    // (The county's outlines, fetched for the view after login, are not this view's.)
    requests.length = 0;
    // Zoomed out over 5,000 townships: none outlined, none fetched.
    await page.goto(`${e2e.base}/?c=115,28,6&layers=townships,villages`);
    await page.getByTestId('map').waitFor();
    await page.waitForTimeout(1500);
    expect(await outlines()).toBe(0);
    expect(requests.filter((u) => u.startsWith('/api/townships?'))).toEqual([]);
    // Zoom 10: the view's few (padded by a quarter each side), with names.
    await page.goto(`${e2e.base}/?c=115,28,10&layers=townships,villages`);
    await expect.poll(outlines, { timeout: 10_000 }).toBeGreaterThan(4);
    const shown = await outlines();
    expect(shown).toBeLessThan(100);
    await expect.poll(() => page.locator('.xt-township-label').count()).toBeGreaterThan(4);
    await screenshot(page, 'townships-phone');
    expect(errors).toEqual([]);
    await context.close();
  });
});

/// <reference lib="dom" />
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, newContext, screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

type Props = Record<string, unknown>;
interface FC {
  features: { id: number; properties: Props; geometry: { coordinates: number[] } }[];
}

const drawn = (page: Page) => page.evaluate<number>('Number(document.body.dataset.villagesDrawn ?? -1)');
const featureIds = (page: Page, layer: string) =>
  page.evaluate<number[]>(`window.__xiangtu ? window.__xiangtu.featureIds(${JSON.stringify(layer)}) : []`);
const legendCount = async (page: Page, id: string) =>
  Number(await page.getByTestId(`legend-${id}`).getAttribute('data-count'));

describe.skipIf(!inject('chromium'))("the officials' map", () => {
  let e2e: E2E;
  let villages: FC;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  async function api<T>(page: Page, path: string): Promise<T> {
    const res = await page.request.get(`${e2e.base}${path}`);
    expect(res.status(), path).toBe(200);
    return (await res.json()) as T;
  }

  it('toggles and draws every layer, with a legend section for each', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'official');
    await expect.poll(() => drawn(page)).toBeGreaterThan(10);
    villages = await api<FC>(page, '/api/villages?limit=10000');

    await page.getByTestId('controls-toggle').click();
    for (const layer of ['assets', 'secretaries', 'stations', 'chains', 'alliances'] as const) {
      await page.getByTestId(`layer-${layer}`).check();
      const hookLayer = layer === 'chains' ? 'chain-nodes' : layer;
      await expect
        .poll(() => featureIds(page, hookLayer).then((ids) => ids.length), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await page.getByTestId(`legend-section-${layer}`).waitFor();
      expect(page.url()).toContain(layer);
    }
    // Stations drawn = the stations of the view; the legend counts the same.
    const stationsDrawn = (await featureIds(page, 'stations')).length;
    const stationRows = page.getByTestId('legend-section-stations').locator('li');
    let sum = 0;
    for (const li of await stationRows.all()) sum += Number(await li.getAttribute('data-count'));
    expect(sum).toBe(stationsDrawn);
    await screenshot(page, 'official-map-all-layers');

    // Clicking a station symbol selects it (URL) and hiding the layer removes it from the map.
    const sid = (await featureIds(page, 'stations'))[0]!;
    const px = await page.evaluate<{ x: number; y: number }>(`window.__xiangtu.featurePixel('stations', ${sid})`);
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.getByTestId('controls-toggle').click(); // close the panel so it does not cover the map
    await page.mouse.click(box.x + px.x, box.y + px.y);
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toMatch(/^(stations|assets|secretaries):\d+$/);
    await page.getByTestId('controls-toggle').click();
    await page.getByTestId('layer-stations').uncheck();
    await expect.poll(() => featureIds(page, 'stations').then((ids) => ids.length)).toBe(0);
    await expect(page.getByTestId('legend-section-stations').count()).resolves.toBe(0);

    // The attention list beside the map: an item opens the thing on the map, its layer shown.
    await page.getByTestId('attention-toggle-map').click();
    const item = page.locator('[data-testid=attention-item][data-kind=term_ending]').first();
    const itemId = await item.getAttribute('data-id');
    await item.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe(`secretaries:${itemId}`);
    await expect.poll(() => new URL(page.url()).searchParams.get('layers') ?? '').toContain('secretaries');
    await page.getByTestId('detail-panel').waitFor();
    await expect.poll(() => featureIds(page, 'secretaries').then((ids) => ids.includes(Number(itemId)))).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('colours by secretary state with a matching legend, filters, searches and flies, and a copied URL restores the view', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'official');
    await expect.poll(() => drawn(page)).toBeGreaterThan(10);

    // Thematic view: the legend rows add up to the villages drawn and match the API's states.
    await page.getByTestId('controls-toggle').click();
    await page.getByTestId('theme-secretary').check();
    await page.getByTestId('legend-sec-vacant').waitFor();
    const shown = await drawn(page);
    const ids = await page.evaluate<number[]>('window.__xiangtu.villageIds()');
    const byId = new Map(villages.features.map((f) => [f.id, f.properties]));
    for (const state of ['posted', 'ending', 'vacant', 'none']) {
      const expected = ids.filter((id) => byId.get(id)?.secretary_state === state).length;
      expect(await legendCount(page, `sec-${state}`), state).toBe(expected);
    }
    expect(ids.length).toBe(shown);

    // Filter: only 薄弱村 stay, and exactly those.
    await page.getByText('收入分档').click();
    await page.getByTestId('filter-band-薄弱村').check();
    await expect.poll(() => new URL(page.url()).searchParams.get('band')).toBe('薄弱村');
    await expect
      .poll(async () =>
        (await page.evaluate<number[]>('window.__xiangtu.villageIds()')).every(
          (id) => byId.get(id)?.income_band === '薄弱村',
        ),
      )
      .toBe(true);
    const weak = await drawn(page);
    expect(weak).toBeGreaterThan(0);
    expect(weak).toBeLessThan(shown);
    await page
      .getByTestId('legend-total')
      .filter({ hasText: String(weak) })
      .waitFor();

    // Search: type part of a name, pick the suggestion; the map flies there and selects it.
    await page.getByTestId('controls-toggle').click();
    const target = villages.features.find((f) => f.properties.name === '羊草沟村')!;
    await page.getByTestId('map-search').fill('羊草');
    await page.getByTestId(`search-v${target.id}`).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('village')).toBe(String(target.id));
    await page.getByTestId('detail-panel').waitFor();
    await expect
      .poll(
        () => {
          const c = new URL(page.url()).searchParams.get('c')?.split(',').map(Number) ?? [0, 0, 0];
          return (
            Math.hypot(c[0]! - target.geometry.coordinates[0]!, c[1]! - target.geometry.coordinates[1]!) < 0.02 &&
            c[2]! >= 14
          );
        },
        { timeout: 10_000 },
      )
      .toBe(true);

    // The panel on the map: the village's assets, team, nearest station, chains and alliances.
    await expect.poll(() => page.getByTestId('detail-title').textContent()).toBe('羊草沟村');
    await page.locator('[data-testid=detail-secretary][data-name="李明"]').waitFor();
    await page.getByTestId('detail-station').waitFor();
    await page.getByTestId('detail-chain').first().waitFor();
    // Following an asset link selects it on the map (and shows the assets layer).
    const firstAsset = page.getByTestId('detail-assets').locator('a').first();
    const assetName = await firstAsset.textContent();
    await firstAsset.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sel') ?? '').toMatch(/^assets:\d+$/);
    expect(new URL(page.url()).searchParams.get('layers')).toContain('assets');
    await expect
      .poll(async () => {
        const title = (await page.getByTestId('detail-title').textContent()) ?? '';
        return title !== '羊草沟村' && (assetName ?? '').startsWith(title);
      })
      .toBe(true);

    // The map flew to the asset (zoom 15); the same URL in a new browser (a colleague) opens the same map.
    await expect
      .poll(() => Number(new URL(page.url()).searchParams.get('c')?.split(',')[2]), { timeout: 10_000 })
      .toBe(15);
    await page.waitForTimeout(500);
    const url = page.url();
    const other = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page2 = await other.newPage();
    await login(page2, e2e.base, 'planner');
    await page2.goto(url);
    await page2.getByTestId('detail-panel').waitFor();
    await page2.getByTestId('legend-sec-vacant').waitFor();
    const q1 = new URL(url).searchParams;
    await expect.poll(() => new URL(page2.url()).searchParams.get('c')).toBe(q1.get('c'));
    for (const k of ['theme', 'band', 'sel', 'layers'])
      expect(new URL(page2.url()).searchParams.get(k)).toBe(q1.get(k));
    const mine = (await page.evaluate<number[]>('window.__xiangtu.villageIds()')).sort();
    await expect
      .poll(() => page2.evaluate<number[]>('window.__xiangtu.villageIds()').then((a) => a.sort()))
      .toEqual(mine);
    await other.close();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('exports a PNG and a print layout, switches to English, and fits a 360 px phone', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'official');
    await expect.poll(() => drawn(page)).toBeGreaterThan(10);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
    const file = await download.path();
    const png = fs.readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // Width: the map plus the legend column, at twice the CSS pixels.
    expect(png.readUInt32BE(16)).toBeGreaterThan(1280 * 2);

    await page.getByTestId('export-print').click();
    await page.getByTestId('print-image').waitFor();
    expect(await page.getByTestId('print-image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(
      1000,
    );
    await screenshot(page, 'official-map-print');
    // On paper only the composed sheet shows, not the app behind the dialog.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('print-image').isVisible()).toBe(true);
    expect(await page.getByTestId('map').evaluate((el) => getComputedStyle(el).visibility)).toBe('hidden');
    await screenshot(page, 'official-map-print-media');
    await page.emulateMedia({ media: 'screen' });
    await page.keyboard.press('Escape');
    // Closed: printing no longer hides the page.
    await expect.poll(() => page.evaluate(() => document.body.classList.contains('xt-print-map'))).toBe(false);

    await page.getByTestId('lang-switch').click();
    await page.getByTestId('controls-toggle').click();
    await expect.poll(() => page.getByTestId('map-controls').textContent()).toContain('Collective assets');
    expect(await page.getByTestId('map-legend').textContent()).toContain('Collective operating income');
    expect(await page.getByTestId('map-search').getAttribute('placeholder')).toContain('Village name');
    await page.getByTestId('lang-switch').click();

    await page.setViewportSize({ width: 360, height: 740 });
    await page.waitForTimeout(300);
    await screenshot(page, 'official-map-phone-controls');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    const overflowing = await page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
      .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && (r.right > 361 || r.left < -1) && !el.closest('.leaflet-pane'); })
      .map((el) => el.className || el.tagName).slice(0, 5)`);
    expect(overflowing).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

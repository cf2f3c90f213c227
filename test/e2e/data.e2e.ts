/// <reference lib="dom" />
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT_DIR } from '../../server/config.ts';
import { login, newContext, screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

const FIXTURES = path.join(ROOT_DIR, 'test', 'fixtures', 'e2e');
/** Four new service stations picked on Amap: the CSV holds these WGS-84 points converted to GCJ-02. */
const INTENDED: Record<string, [number, number]> = {
  田家甸子便民服务站: [122.902, 41.8285],
  林家窝堡便民服务站: [122.9281, 41.8265],
  谭家甸子便民服务站: [122.8823, 41.8197],
  石佛塘便民服务站: [122.9322, 41.8063],
};

/** Metres between two `[lng, lat]` (haversine). */
function metres(a: readonly number[], b: readonly number[]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1]! - a[1]!) * rad;
  const dLng = (b[0]! - a[0]!) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1]! * rad) * Math.cos(b[1]! * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

const previewCount = (page: Page) =>
  page.evaluate<number>('window.__xiangtuData ? window.__xiangtuData.previewCount() : -1');

/** No element wider than the window (nothing scrolls sideways). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const w = document.documentElement.clientWidth;
    return [...document.querySelectorAll('[data-testid=data-page] *:not(.leaflet-container *)')]
      .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > w + 1; })
      .slice(0, 5)
      .map((el) => el.tagName + '.' + el.className + ' ' + (el.getAttribute('data-testid') || ''));
  })()`);
}

describe.skipIf(!inject('chromium'))('the data page (数据)', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('imports GCJ-02 stations after a check with two bad rows, and exports one township', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'planner');
    await page.getByTestId('nav-data').click();
    await page.getByTestId('import-panel').waitFor();
    await expect.poll(() => page.getByTestId('import-check').isDisabled()).toBe(true);

    // A file type the import cannot read is refused before any upload.
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'notes.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('x') });
    await expect.poll(() => page.getByTestId('import-file-problem').textContent()).toContain('notes.docx');

    // 1. The file with two bad rows: exactly those two problems, and no import.
    await page.getByTestId('import-layer').selectOption('stations');
    await page.getByTestId('import-crs').selectOption('gcj02');
    await page.getByTestId('import-file').setInputFiles(path.join(FIXTURES, 'stations-bad.csv'));
    await expect.poll(() => page.getByTestId('import-file-name').textContent()).toContain('stations-bad.csv');
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-report').waitFor();
    const problems = await page
      .getByTestId('import-problem')
      .evaluateAll((rows) => rows.map((r) => `${(r as HTMLElement).dataset.row} ${(r as HTMLElement).dataset.path}`));
    expect(problems).toEqual(['2 properties.name', '3 geometry.coordinates']);
    expect(await page.getByTestId('import-problems').textContent()).toContain('站点名称');
    expect(await page.getByTestId('import-count-invalid').textContent()).toContain('2');
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    await page.getByTestId('import-commit-blocked').waitFor();
    // Row 2 (no name) is drawn red; row 3 (latitude 141) cannot be drawn at all.
    await page.locator('[data-testid=data-map][data-preview-drawn="3"][data-preview-invalid="1"]').waitFor();
    await screenshot(page, 'data-import-problems');

    // 2. The fixed file replaces it: the check runs again by itself.
    await page.getByTestId('import-file').setInputFiles(path.join(FIXTURES, 'stations-gcj02.csv'));
    await page.locator('[data-testid=import-report][data-invalid="0"][data-valid="4"]').waitFor();
    expect(await page.getByTestId('import-problem').count()).toBe(0);
    expect(await page.getByTestId('import-source-crs').textContent()).toContain('GCJ-02');
    expect(await page.getByTestId('import-count-created').textContent()).toContain('4');
    await page.locator('[data-testid=data-map][data-preview-drawn="4"][data-preview-invalid="0"]').waitFor();
    expect(await previewCount(page)).toBe(4);
    await screenshot(page, 'data-import-preview');

    // 3. Import; the stations land where they were meant to be (the ~500 m GCJ-02 shift removed).
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-done').waitFor();
    expect(await page.getByTestId('import-created').textContent()).toContain('4');
    await screenshot(page, 'data-import-done');
    const res = await page.request.get(`${e2e.base}/api/stations?q=${encodeURIComponent('便民服务站')}`);
    expect(res.ok()).toBe(true);
    const fc = (await res.json()) as {
      features: { geometry: { coordinates: number[] }; properties: { name: string } }[];
    };
    const found = fc.features.filter((f) => f.properties.name in INTENDED);
    expect(found.map((f) => f.properties.name).sort()).toEqual(Object.keys(INTENDED).sort());
    for (const f of found) {
      const d = metres(f.geometry.coordinates, INTENDED[f.properties.name]!);
      expect(d, `${f.properties.name} is ${d.toFixed(1)} m off`).toBeLessThan(10);
    }

    // 4. Export the villages of 榆树台镇 as GeoJSON.
    await page.getByTestId('data-tab-export').click();
    await page.getByTestId('export-panel').waitFor();
    await page.getByTestId('export-layer').selectOption('villages');
    await page.getByTestId('export-format-geojson').check();
    await page.locator('[data-testid=export-township][data-name="榆树台镇"]').click();
    const listRes = await page.request.get(`${e2e.base}/api/villages?township=2&limit=1000`);
    const expected = ((await listRes.json()) as { features: { id: number }[] }).features
      .map((f) => f.id)
      .sort((a, b) => a - b);
    expect(expected.length).toBeGreaterThan(0);
    await page.locator(`[data-testid=export-count][data-count="${expected.length}"]`).waitFor();
    await screenshot(page, 'data-export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
    const file = await download.path();
    const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      type: string;
      crs?: unknown;
      features: { id: number }[];
    };
    expect(exported.type).toBe('FeatureCollection');
    expect('crs' in exported).toBe(false);
    expect(exported.features.map((f) => f.id).sort((a, b) => a - b)).toEqual(expected);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('imports a village picked in GCJ-02 and finds it on the main map', async () => {
    const context = await newContext(e2e.browser);
    const page = await context.newPage();
    await login(page, e2e.base, 'planner');
    await page.goto(`${e2e.base}/data`);
    await page.getByTestId('import-layer').selectOption('villages');
    await page.getByTestId('import-crs').selectOption('gcj02');
    await page.getByTestId('import-file').setInputFiles(path.join(FIXTURES, 'village-gcj02.csv'));
    await page.getByTestId('import-check').click();
    await page.locator('[data-testid=import-report][data-invalid="0"][data-valid="1"]').waitFor();
    await page.getByTestId('import-commit').click();
    await page.getByTestId('import-done').waitFor();
    const res = await page.request.get(`${e2e.base}/api/villages?q=${encodeURIComponent('测试新村')}`);
    const [village] = ((await res.json()) as { features: { id: number; geometry: { coordinates: number[] } }[] })
      .features;
    expect(metres(village!.geometry.coordinates, [122.9035, 41.8268])).toBeLessThan(10);
    // "在地图上查看" opens the main map over the imported rows, where the new village is drawn.
    await page.getByTestId('import-view-map').click();
    await page.getByTestId('map').waitFor();
    await expect
      .poll(
        () =>
          page.evaluate(
            () => (window as unknown as { __xiangtu?: { villageIds(): number[] } }).__xiangtu?.villageIds() ?? [],
          ),
        { timeout: 15_000 },
      )
      .toContain(village!.id);
    await context.close();
  });

  it('fits a phone: the import report and the export panel at 360 px', async () => {
    const context = await newContext(e2e.browser, { width: 360, height: 740 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'planner');
    await page.goto(`${e2e.base}/data`);
    await page.getByTestId('import-panel').waitFor();
    await page.getByTestId('import-crs').selectOption('gcj02');
    await page.getByTestId('import-file').setInputFiles(path.join(FIXTURES, 'stations-bad.csv'));
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-problem').first().waitFor();
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, 'data-phone-import');
    await page.getByTestId('import-problems').scrollIntoViewIfNeeded();
    await screenshot(page, 'data-phone-problems');
    await page.getByTestId('data-tab-export').click();
    await page.getByTestId('export-panel').waitFor();
    await page.locator('[data-testid=export-count][data-count]:not([data-count=""])').waitFor();
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, 'data-phone-export');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a secretary only the export of their own village', async () => {
    const context = await newContext(e2e.browser);
    const page = await context.newPage();
    await login(page, e2e.base, 'secretary');
    await page.getByTestId('nav-data').click();
    await page.getByTestId('export-panel').waitFor();
    await page.getByTestId('export-own-village').waitFor();
    expect(await page.getByTestId('import-panel').count()).toBe(0);
    expect(await page.getByTestId('data-tab-import').count()).toBe(0);
    await page.getByTestId('export-layer').selectOption('villages');
    await page.locator('[data-testid=export-count][data-count="1"]').waitFor();
    await context.close();
  });
});

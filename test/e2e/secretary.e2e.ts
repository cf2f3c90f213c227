/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { shapeArea } from '../../common/area.ts';
import { makePng } from '../helpers/images.ts';
import { screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

interface AssetFeature {
  id: number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown> & { version: number; name: string; village_id: number };
}

const GPS = { latitude: 41.7712, longitude: 122.9345, accuracy: 12 };

/** A phone: touch, mobile viewport, a mocked GPS position the page may read. */
async function phone(e2e: E2E): Promise<BrowserContext> {
  const context = await e2e.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    geolocation: GPS,
    permissions: ['geolocation'],
  });
  await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (r) => r.abort());
  return context;
}

/** Taps the village map at `[lng, lat]` (the page's test hook gives the pixel). */
async function tapAt(page: Page, lng: number, lat: number): Promise<void> {
  const p = await page.evaluate<{ x: number; y: number }>(`window.__xiangtuVillage.lngLatPixel(${lng}, ${lat})`);
  const box = (await page.getByTestId('village-map').boundingBox())!;
  await page.touchscreen.tap(box.x + p.x, box.y + p.y);
}

describe.skipIf(!inject('chromium'))('a first secretary on a phone', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('edits the profile and assets of their own village, and only their own', async () => {
    const context = await phone(e2e);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = watchErrors(page);
    const api = async <T>(path: string): Promise<T> =>
      (await (await page.request.get(`${e2e.base}${path}`)).json()) as T;

    // Signs in and lands on their own village.
    await page.goto(`${e2e.base}/login`);
    await page.getByTestId('login-username').fill('secretary');
    await page.getByTestId('login-password').fill('xiangtu-demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('village-name').waitFor();
    const { user } = await api<{ user: { village_id: number } }>('/api/session');
    expect(page.url()).toBe(`${e2e.base}/village/${user.village_id}`);
    await expect.poll(() => page.getByTestId('village-name').textContent()).toBe('羊草沟村');
    await expect.poll(() => page.getByTestId('village-page').getAttribute('data-can-edit')).toBe('true');

    // Profile: a bad value gets a Chinese message beside the field; a good one is saved.
    await page.getByTestId('village-tab-profile').click();
    await page.getByTestId('village-edit-profile').click();
    await page.getByTestId('rf-households').fill('-3');
    await page.getByTestId('editor-save').click();
    await expect.poll(() => page.getByTestId('rf-error-households').textContent()).toContain('不能小于 0');
    await page.getByTestId('rf-households').fill('321');
    await page.getByTestId('rf-income-add').click();
    await page.getByTestId('rf-income-total').first().fill('18.5');
    await page.getByTestId('rf-income-operating').first().fill('6.2');
    await page.setViewportSize({ width: 360, height: 780 });
    await screenshot(page, 'secretary-profile-360');
    await page.getByTestId('editor-save').click();
    await page.getByTestId('village-edit-profile').waitFor();
    const village = await api<{ properties: { households: number; incomes: { operating: number }[] } }>(
      `/api/villages/${user.village_id}`,
    );
    expect(village.properties.households).toBe(321);
    expect(village.properties.incomes.some((i) => i.operating === 6.2)).toBe(true);

    // A polygon drawn by tapping the map: its area in 亩 is shown, and stored the same.
    await page.getByTestId('village-tab-assets').click();
    await page.getByTestId('asset-add').click();
    await page.getByTestId('rf-name').fill('东岗出租地');
    await page.getByTestId('rf-subtype').selectOption('耕地');
    await page.getByTestId('rf-operation_mode').selectOption('出租');
    await page.getByTestId('rf-lessee').fill('丰收合作社');
    await page.getByTestId('shape-polygon').click();
    const corners = [
      [-0.002, -0.001],
      [0.002, -0.001],
      [0.002, 0.001],
      [-0.002, 0.001],
    ].map(([dx, dy]) => [GPS.longitude + dx!, GPS.latitude + dy!]);
    for (const [lng, lat] of corners) await tapAt(page, lng!, lat!);
    await expect.poll(() => page.getByTestId('shape-hint').textContent()).toContain('4');
    await page.getByTestId('shape-finish').click();
    const areaText = await page.getByTestId('shape-area').textContent();
    expect(areaText).toMatch(/面积 [\d.]+ 亩（[\d.]+ 平方米）/);
    const shownMu = Number(await page.getByTestId('shape-area').getAttribute('data-mu'));
    // The corners tapped enclose ≈ 332 m × 222 m ≈ 111 亩 (taps land on whole pixels: within 2 %).
    const tapped = shapeArea({ type: 'Polygon', coordinates: [[...corners, corners[0]!]] })!;
    expect(Math.abs(shownMu - tapped.mu) / tapped.mu).toBeLessThan(0.02);
    await screenshot(page, 'secretary-polygon-360');
    await page.getByTestId('editor-save').click();
    await expect.poll(() => page.getByTestId('editor-status').getAttribute('data-kind')).toBe('ok');
    const assets = () => api<{ features: AssetFeature[] }>(`/api/assets?village=${user.village_id}`);
    const field = (await assets()).features.find((a) => a.properties.name === '东岗出租地')!;
    expect(field.geometry!.type).toBe('Polygon');
    expect(field.properties.area_mu).toBe(shownMu);
    expect(field.properties.lessee).toBe('丰收合作社');

    // An idle house placed at the phone's (mocked) position, with its accuracy shown.
    await page.getByTestId('asset-back').click();
    await page.getByTestId('asset-add').click();
    await page.getByTestId('rf-name').fill('村东闲置农房');
    await page.getByTestId('shape-gps').click();
    await expect.poll(() => page.getByTestId('gps-accuracy').getAttribute('data-accuracy')).toBe('12');
    await page.getByTestId('editor-save').click();
    await expect.poll(() => page.getByTestId('editor-status').getAttribute('data-kind')).toBe('ok');
    const house = (await assets()).features.find((a) => a.properties.name === '村东闲置农房')!;
    expect(house.geometry).toEqual({ type: 'Point', coordinates: [GPS.longitude, GPS.latitude] });

    // A photo: resized in the browser to a JPEG ≤ 1600 px, then attached.
    await page
      .getByTestId('asset-sheet')
      .and(page.locator(`[data-id="${house.id}"]`))
      .waitFor();
    await page
      .getByTestId('asset-photo-input')
      .setInputFiles({ name: 'house.png', mimeType: 'image/png', buffer: makePng(2400, 1800) });
    await page.getByTestId('asset-photo').waitFor();
    const withPhoto = await api<AssetFeature>(`/api/assets/${house.id}`);
    const [hash] = withPhoto.properties.photos as string[];
    const file = await page.request.get(`${e2e.base}/api/files/${hash}`);
    expect(file.headers()['content-type']).toBe('image/jpeg');
    const row = await e2e.t.db.knex('files').where({ sha256: hash }).first();
    expect([row.width, row.height]).toEqual([1600, 1200]);
    await expect
      .poll(() => page.getByTestId('asset-photo').evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(1600);

    // History: rename, see it listed field by field, restore the previous name.
    await page.getByTestId('rf-name').fill('村东闲置农房（已改）');
    await page.getByTestId('editor-save').click();
    await expect.poll(() => page.getByTestId('editor-status').getAttribute('data-kind')).toBe('ok');
    await page.getByTestId('editor-history-toggle').click();
    const change = page.getByTestId('history-change').and(page.locator('[data-key=name]')).first();
    await expect.poll(() => change.textContent()).toContain('村东闲置农房 → 村东闲置农房（已改）');
    await screenshot(page, 'secretary-history-360');
    await page.getByTestId('history-restore').first().click();
    await page.getByTestId('confirm-ok').click();
    await expect
      .poll(async () => (await api<AssetFeature>(`/api/assets/${house.id}`)).properties.name)
      .toBe('村东闲置农房');
    await expect.poll(() => page.getByTestId('rf-name').inputValue()).toBe('村东闲置农房');

    // Someone else saves first: both versions side by side, the secretary chooses.
    const now = await api<AssetFeature>(`/api/assets/${house.id}`);
    const other = await page.request.patch(`${e2e.base}/api/assets/${house.id}`, {
      headers: { 'If-Match': `"${now.properties.version}"` },
      data: { properties: { notes: '乡镇办公室的备注', name: '乡镇改的名字' } },
    });
    expect(other.status()).toBe(200);
    await page.getByTestId('rf-name').fill('书记改的名字');
    await page.getByTestId('editor-save').click();
    await page.getByTestId('conflict-view').waitFor();
    const row1 = page.getByTestId('conflict-row').and(page.locator('[data-key=name]'));
    await expect.poll(() => row1.getByTestId('conflict-mine-value').textContent()).toBe('书记改的名字');
    await expect.poll(() => row1.getByTestId('conflict-theirs-value').textContent()).toBe('乡镇改的名字');
    await screenshot(page, 'secretary-conflict-360');
    await page.getByTestId('conflict-apply').click();
    await expect.poll(() => page.getByTestId('editor-status').getAttribute('data-kind')).toBe('ok');
    const merged = await api<AssetFeature>(`/api/assets/${house.id}`);
    expect(merged.properties.name).toBe('书记改的名字');
    expect(merged.properties.notes).toBe('乡镇办公室的备注'); // their other change was kept

    // Delete with confirmation, then undo.
    await page.getByTestId('asset-delete').click();
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('village-undo').click();
    await expect.poll(() => page.getByTestId('village-toast').textContent()).toContain('已恢复');
    expect((await assets()).features.some((a) => a.id === house.id)).toBe(true);

    // Another village: viewable, not editable, and the API refuses too.
    const foreign = (await api<{ features: AssetFeature[] }>('/api/assets')).features.find(
      (a) => a.properties.village_id !== user.village_id,
    )!;
    await page.goto(`${e2e.base}/village/${foreign.properties.village_id}`);
    await page.getByTestId('village-read-only').waitFor();
    expect(await page.getByTestId('asset-add').count()).toBe(0);
    await page.locator(`[data-testid=asset-row][data-id="${foreign.id}"]`).click();
    await page.getByTestId('editor-read-only').waitFor();
    expect(await page.getByTestId('editor-save').count()).toBe(0);
    await screenshot(page, 'secretary-foreign-360');
    const refused = await page.request.patch(`${e2e.base}/api/assets/${foreign.id}`, {
      headers: { 'If-Match': `"${foreign.properties.version}"` },
      data: { properties: { notes: 'x' } },
    });
    expect(refused.status()).toBe(403);

    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { haversineM } from '../../common/geo.ts';
import { login, newContext, screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

interface Fc {
  features: { id: number; geometry: { coordinates: number[] } | null; properties: Record<string, unknown> }[];
}

async function api(page: Page, base: string, path: string): Promise<Fc> {
  const res = await page.request.get(`${base}${path}`);
  expect(res.status(), path).toBe(200);
  return (await res.json()) as Fc;
}

/** Waits until the detail has loaded (several requests on 2 busy cores: allow time). */
const ready = (page: Page) =>
  expect.poll(() => page.getByTestId('feature-detail').getAttribute('data-state'), { timeout: 15_000 }).toBe('ready');

/** Texts of the related links inside a section. */
const linkTexts = (page: Page, section: string) =>
  page.getByTestId(section).getByTestId('detail-link').locator('.label').allTextContents();

describe.skipIf(!inject('chromium'))('the detail panel (/detail/:layer/:id)', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('shows 羊草沟村 with its assets, team, nearest station, chains and alliances, and follows a link', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 900 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'official');

    const village = (await api(page, e2e.base, '/api/villages?q=羊草沟')).features[0]!;
    const villageLngLat = village.geometry!.coordinates as [number, number];
    const assets = await api(page, e2e.base, `/api/assets?village=${village.id}`);
    const team = await api(page, e2e.base, `/api/secretaries?village=${village.id}`);
    const stations = await api(page, e2e.base, '/api/stations');
    const nearest = stations.features
      .map((s) => ({ s, d: haversineM(villageLngLat, s.geometry!.coordinates) }))
      .sort((a, b) => a.d - b.d)[0]!;

    await page.goto(`${e2e.base}/detail/villages/${village.id}`);
    await ready(page);
    expect(await page.getByTestId('detail-title').textContent()).toBe('羊草沟村');
    expect(await page.getByTestId('village-panel-township').textContent()).toBe('柳河镇');

    // Assets: every one of the village's assets, grouped by subtype.
    expect((await linkTexts(page, 'detail-assets')).sort()).toEqual(
      assets.features.map((a) => String(a.properties.name)).sort(),
    );
    expect(await page.getByTestId('detail-asset-group').first().getAttribute('data-subtype')).toBe('耕地');

    // First secretary first, then the work team; an official sees every phone as a tel: link.
    const roles = await page.getByTestId('detail-secretary').evaluateAll((els) => els.map((e) => e.dataset.role));
    expect(roles).toEqual(['第一书记', '工作队长', '队员']);
    const first = page.locator('[data-testid=detail-secretary][data-name="李明"]');
    const liPhone = team.features.find((s) => s.properties.name === '李明')!.properties.phone;
    expect(liPhone).toMatch(/^1390000/);
    expect(await first.getByTestId('detail-phone').getAttribute('href')).toBe(`tel:${liPhone}`);
    expect(await page.getByTestId('detail-phone').count()).toBe(3);

    // The nearest station, at the distance the brute-force check gives.
    expect(await linkTexts(page, 'detail-station')).toEqual([nearest.s.properties.name]);
    const shownM = Number(await page.getByTestId('detail-coverage').getAttribute('data-distance-m'));
    expect(Math.abs(shownM - nearest.d)).toBeLessThan(1);

    // The rice chain's node here and the rice alliance.
    expect(await page.getByTestId('detail-chain').getAttribute('data-name')).toBe('稻米');
    expect(await linkTexts(page, 'detail-chains')).toEqual(['羊草沟村水稻种植基地']);
    expect(await linkTexts(page, 'detail-alliances')).toEqual(['柳河片区稻米产业党建联建']);

    // The official's own township: editing offered; navigate links in GCJ-02 for Amap.
    await expect.poll(() => page.getByTestId('detail-edit').isVisible()).toBe(true);
    expect(await page.getByTestId('detail-nav-geo').getAttribute('href')).toMatch(
      /^geo:41\.788517,122\.939837\?q=41\.788517,122\.939837\(/,
    );
    const amap = new URL((await page.getByTestId('detail-nav-amap').getAttribute('href'))!);
    const [gLng, gLat] = amap.searchParams.get('position')!.split(',').map(Number) as [number, number];
    expect(haversineM(villageLngLat, [gLng, gLat])).toBeGreaterThan(400); // shifted to GCJ-02
    await screenshot(page, 'detail-village-1280');

    // Following an asset link shows the asset, with its village as a link back.
    await page.getByTestId('detail-assets').getByTestId('detail-link').first().click();
    await expect.poll(() => page.url()).toMatch(/\/detail\/assets\/\d+$/);
    await ready(page);
    expect(await page.getByTestId('detail-title').textContent()).toBe('三组水稻田');
    expect(await page.getByTestId('detail-field-subtype').locator('dd').textContent()).toBe('耕地');
    expect(await page.getByTestId('detail-field-area_mu').locator('dt').textContent()).toBe('面积（亩）');
    expect(await linkTexts(page, 'detail-village')).toEqual(['羊草沟村']);
    await page.getByTestId('detail-village').getByTestId('detail-link').click();
    await expect.poll(() => page.getByTestId('detail-title').textContent()).toBe('羊草沟村');

    // The English switch translates labels and stored values alike.
    await page.goBack();
    await expect.poll(() => page.getByTestId('detail-title').textContent()).toBe('三组水稻田');
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('detail-field-area_mu').locator('dt').textContent()).toBe('Area (mu)');
    expect(await page.getByTestId('detail-field-subtype').locator('dd').textContent()).toBe('Cropland');
    expect(await page.getByTestId('detail-field-operation_mode').locator('dd').textContent()).toBe('Contracted out');
    expect(await page.getByTestId('detail-edit').textContent()).toContain('Edit');
    await screenshot(page, 'detail-asset-en-1280');
    await page.getByTestId('lang-switch').click();

    // Missing records and wrong links say so.
    await page.goto(`${e2e.base}/detail/assets/999999`);
    await page.getByTestId('detail-not-found').waitFor();
    await page.goto(`${e2e.base}/detail/towers/1`);
    await page.getByTestId('detail-bad-link').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a secretary, a station, a chain node and an alliance with what relates to them', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 900 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'admin');
    const village = (await api(page, e2e.base, '/api/villages?q=羊草沟')).features[0]!;
    await page.goto(`${e2e.base}/detail/villages/${village.id}`);
    await ready(page);

    // The first secretary: every field, the village link and the assessments.
    await page.locator('[data-testid=detail-secretary][data-name="李明"]').getByTestId('detail-link').click();
    await ready(page);
    expect(await page.getByTestId('detail-title').textContent()).toBe('李明');
    expect(await page.getByTestId('detail-field-unit').locator('dd').textContent()).toBe('示例省农业农村厅');
    expect(await page.getByTestId('detail-field-unit_level').locator('dd').textContent()).toBe('省');
    expect(await page.getByTestId('detail-assessment').allTextContents()).toEqual([
      expect.stringMatching(/2025 年：合格.*87 分.*在村 132 天/),
    ]);
    expect(await linkTexts(page, 'detail-village')).toEqual(['羊草沟村']);
    await page.goBack();
    await ready(page);

    // The nearest station: its functions and the villages within its radius, with residents.
    await page.getByTestId('detail-station').getByTestId('detail-link').click();
    await ready(page);
    const stationId = Number(page.url().split('/').pop());
    const station = (await api(page, e2e.base, `/api/stations?limit=5000`)).features.find((s) => s.id === stationId)!;
    const radius = Number(station.properties.effective_radius_m);
    const villages = await api(page, e2e.base, '/api/villages');
    const inside = villages.features
      .filter((v) => haversineM(station.geometry!.coordinates, v.geometry!.coordinates) <= radius)
      .map((v) => String(v.properties.name));
    expect(await page.getByTestId('detail-title').textContent()).toBe(station.properties.name);
    expect((await linkTexts(page, 'detail-in-reach')).sort()).toEqual(inside.sort());
    expect(await page.getByTestId('detail-functions').locator('.chip').count()).toBe(
      (station.properties.functions as string[]).length,
    );
    await screenshot(page, 'detail-station-1280');
    await page.goBack();
    await ready(page);

    // The chain node: its chain, stage, links in and out.
    await page.getByTestId('detail-chains').getByTestId('detail-link').click();
    await ready(page);
    expect(await page.getByTestId('detail-field-chain_name').locator('dd').textContent()).toBe('稻米');
    expect(await page.getByTestId('detail-field-stage').locator('dd').textContent()).toBe('种植基地');
    const nodeId = Number(page.url().split('/').pop());
    const links = await api(page, e2e.base, `/api/chain-links?limit=5000`);
    const outCount = links.features.filter((l) => l.properties.from_node_id === nodeId).length;
    expect(outCount).toBeGreaterThan(0);
    expect(await page.getByTestId('detail-links-out').getByTestId('detail-link').count()).toBe(outCount);
    expect(await page.getByTestId('detail-open-chain').getAttribute('href')).toMatch(/\/chains\?chain=\d+$/);
    await page.goBack();
    await ready(page);

    // The alliance: its members (lead first) and fields.
    await page.getByTestId('detail-alliances').getByTestId('detail-link').click();
    await ready(page);
    expect(await page.getByTestId('detail-field-type').locator('dd').textContent()).toBe('龙头引领型');
    const members = await linkTexts(page, 'detail-members');
    expect(members).toHaveLength(5);
    expect(members).toContain('羊草沟村');
    expect(await page.getByTestId('detail-members').locator('.sub').first().textContent()).toContain('牵头村');
    expect(await page.getByTestId('detail-partners').textContent()).toContain('示例县金穗米业有限公司');
    await screenshot(page, 'detail-alliance-1280');

    // A slow load replaced by a newer one is dropped: the page keeps showing the newer record.
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route(`**/api/secretaries?village=${village.id}`, async (route) => {
      await held;
      await route.continue().catch(() => {});
    });
    await page.getByTestId('detail-members').locator('[data-testid=detail-link]', { hasText: '羊草沟村' }).click();
    await expect.poll(() => page.getByTestId('feature-detail').getAttribute('data-state')).toBe('loading');
    await page.goBack();
    await ready(page);
    release();
    await page.waitForTimeout(300);
    expect(await page.getByTestId('feature-detail').getAttribute('data-layer')).toBe('alliances');
    expect(await page.getByTestId('detail-members').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('hides phones from a planner and offers no edit; a secretary on a phone sees only their own', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'planner');
    const village = (await api(page, e2e.base, '/api/villages?q=羊草沟')).features[0]!;
    await page.goto(`${e2e.base}/detail/villages/${village.id}`);
    await ready(page);
    expect(await page.getByTestId('detail-secretary').count()).toBe(3);
    expect(await page.getByTestId('detail-phone').count()).toBe(0);
    expect(await page.getByTestId('detail-phone-hidden').count()).toBe(3);
    expect(await page.getByTestId('detail-edit').count()).toBe(0);
    const html = await page.content();
    expect(html).not.toMatch(/1390000\d{4}/);
    expect(errors).toEqual([]);
    await context.close();

    const phone = await newContext(e2e.browser, { width: 360, height: 740 });
    const p2 = await phone.newPage();
    const errors2 = watchErrors(p2);
    await login(p2, e2e.base, 'secretary');
    await p2.goto(`${e2e.base}/detail/villages/${village.id}`);
    await ready(p2);
    const phones = p2.getByTestId('detail-phone');
    expect(await phones.count()).toBe(1);
    expect(
      await p2.locator('[data-testid=detail-secretary][data-name="李明"]').getByTestId('detail-phone').count(),
    ).toBe(1);
    // Their own village: the profile may be edited.
    expect(await p2.getByTestId('detail-edit').isVisible()).toBe(true);
    // Nothing wider than the phone.
    const overflow = await p2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(p2, 'detail-village-360');
    await p2.getByTestId('detail-team').scrollIntoViewIfNeeded();
    await screenshot(p2, 'detail-village-360-team');
    expect(errors2).toEqual([]);
    await phone.close();
  });
});

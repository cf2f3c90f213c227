/// <reference lib="dom" />
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { login, newContext, screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

interface Pixel {
  x: number;
  y: number;
}

/** Page coordinates of a village point on the planner map (via `window.__xiangtuPlanner`). */
async function villageAt(page: Page, id: number): Promise<Pixel> {
  const box = await page.getByTestId('planner-map').boundingBox();
  const p = await page.evaluate<Pixel | null>(`window.__xiangtuPlanner.villagePixel(${id})`);
  expect(box, 'planner map box').not.toBeNull();
  expect(p, `pixel of village ${id}`).not.toBeNull();
  expect(p!.x >= 0 && p!.y >= 0 && p!.x < box!.width && p!.y < box!.height, `village ${id} in view`).toBe(true);
  return { x: box!.x + p!.x, y: box!.y + p!.y };
}

async function clickVillage(page: Page, id: number): Promise<void> {
  const p = await villageAt(page, id);
  await page.mouse.click(p.x, p.y);
}

/** Drags a lasso around the given villages (their hull pushed outwards by `margin` px). */
async function lassoAround(page: Page, ids: number[], margin = 16): Promise<void> {
  const pts = await Promise.all(ids.map((id) => villageAt(page, id)));
  const cx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
  const cy = pts.reduce((s, p) => s + p.y, 0) / pts.length;
  const ring = pts
    .map((p) => {
      const d = Math.hypot(p.x - cx, p.y - cy) || 1;
      return {
        x: p.x + ((p.x - cx) / d) * margin,
        y: p.y + ((p.y - cy) / d) * margin,
        a: Math.atan2(p.y - cy, p.x - cx),
      };
    })
    .sort((a, b) => a.a - b.a);
  await page.mouse.move(ring[0]!.x, ring[0]!.y);
  await page.mouse.down();
  for (const p of [...ring.slice(1), ring[0]!]) await page.mouse.move(p.x, p.y, { steps: 8 });
  await page.mouse.up();
}

const memberNames = (page: Page) =>
  page.getByTestId('member-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.name ?? ''));

describe.skipIf(!inject('chromium'))('the planner page (联建规划)', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('walks the Planner journey: partners, two drafts, gaps, compare, export, print, coverage, phone', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = watchErrors(page);

    await login(page, e2e.base, 'planner');
    await page.getByTestId('nav-planner').click();
    await page.locator('[data-testid=planner-map][data-villages-drawn]:not([data-villages-drawn="0"])').waitFor();
    await page.getByTestId('members-empty').waitFor();

    // 1. Partner suggestions for a strong village: ranked, each with reasons and their shares.
    await page.getByTestId('planner-tab-partners').click();
    await page.getByTestId('partner-search').fill('柳河村');
    await page.locator('[data-testid=partner-search-option][data-name="柳河村"]').click();
    await expect.poll(() => page.getByTestId('partner-centre').textContent()).toContain('柳河村');
    await page.getByTestId('partner-row').first().waitFor();
    expect(await page.getByTestId('partner-row').count()).toBeGreaterThanOrEqual(3);
    expect(await page.getByTestId('partner-row').first().getByTestId('partner-reason').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('partner-row').first().textContent()).toMatch(/收入互补/);

    // 2. Three suggestions into draft A (柳河村 joins as the lead), then one village by a map click.
    const picked: string[] = [];
    for (let i = 0; i < 3; i++) {
      const row = page.getByTestId('partner-row').nth(i);
      picked.push((await row.getAttribute('data-name')) ?? '');
      await row.getByTestId('partner-add').click();
      await row.getByTestId('partner-in-draft').waitFor();
    }
    await screenshot(page, 'planner-partners');

    await page.getByTestId('planner-tab-builder').click();
    await expect.poll(() => page.getByTestId('member-row').count()).toBe(4);
    expect(await memberNames(page)).toEqual(['柳河村', ...picked]);
    await expect.poll(() => page.getByTestId('member-lead').count()).toBe(1);
    const clicked = 8; // 羊草沟村, not among the suggestions above
    expect(picked).not.toContain('羊草沟村');
    await clickVillage(page, clicked);
    await expect.poll(() => page.getByTestId('member-row').count()).toBe(5);
    expect(await memberNames(page)).toContain('羊草沟村');

    // The summary follows: 5 members, people, a missing chain stage.
    await expect.poll(() => page.getByTestId('summary-members').textContent()).toContain('5 个村');
    await expect
      .poll(async () =>
        Number((await page.getByTestId('summary-resident').locator('dd').textContent())?.replace(/\D/g, '')),
      )
      .toBeGreaterThan(0);
    expect(await page.getByTestId('summary-missing-stage').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('summary-assets').locator('tbody tr').count()).toBeGreaterThan(0);

    // 4. Name and save draft A.
    await page.getByTestId('alliance-name').fill('柳河片区稻米联建（方案A）');
    await page.getByTestId('draft-save').click();
    await page.getByTestId('save-done').waitFor();
    await expect.poll(() => page.getByTestId('draft-state').textContent()).toMatch(/已保存/);
    await screenshot(page, 'planner-draft-a');

    // Draft B from the 草莓 villages: a lasso, then one click.
    await page.getByTestId('slot-B').click();
    await page.getByTestId('members-empty').waitFor();
    await page.getByTestId('lasso-toggle').click();
    await page.getByTestId('lasso-hint').waitFor();
    await lassoAround(page, [17, 18, 20]);
    await expect.poll(() => page.getByTestId('member-row').count()).toBe(3);
    expect((await memberNames(page)).sort()).toEqual(['八甸子村', '前河村', '蒲林子村'].sort());
    await clickVillage(page, 23); // 白家房身村
    await expect.poll(() => page.getByTestId('member-row').count()).toBe(4);

    // 3. The 草莓 chain lacks 仓储冷链; the nearest supplier is 谭家甸子村's 冷库.
    const coldChain = page.locator('[data-testid=gap-view][data-group="仓储冷链"]');
    await coldChain.waitFor();
    await coldChain.click();
    await page.getByTestId('gap-supplier').first().waitFor();
    expect(await page.getByTestId('gap-supplier').first().getAttribute('data-name')).toBe('谭家甸子村');
    expect(await page.getByTestId('gap-supplier').first().textContent()).toContain('冷库');
    await screenshot(page, 'planner-gaps');

    // An unsaved draft exports too: the same shape, built in the browser.
    const [draftDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-geojson').click(),
    ]);
    const draftPlan = JSON.parse(fs.readFileSync(await draftDownload.path(), 'utf8')) as {
      features: { geometry: { type: string } | null; properties: Record<string, unknown> }[];
    };
    expect(draftPlan.features[0]?.geometry?.type).toBe('Polygon');
    expect(draftPlan.features[0]?.properties.member_count).toBe(4);
    expect(draftPlan.features.filter((f) => f.properties.kind === 'member')).toHaveLength(4);

    await page.getByTestId('alliance-name').fill('草莓产业联建（方案B）');
    await page.getByTestId('draft-save').click();
    await page.getByTestId('save-done').waitFor();

    // Compare both drafts side by side.
    await page.getByTestId('slot-compare').click();
    await page.getByTestId('compare-table').waitFor();
    const members = page.locator('[data-testid=compare-row][data-key=member_count]');
    expect((await members.getByTestId('compare-a').textContent())?.trim()).toBe('5');
    expect((await members.getByTestId('compare-b').textContent())?.trim()).toBe('4');
    await page.waitForTimeout(500); // the map fits both hulls
    await screenshot(page, 'planner-compare');

    // 6. Export draft A as GeoJSON (saved: the server's plan).
    await page.getByTestId('slot-A').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-geojson').click()]);
    const file = await download.path();
    const plan = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      features: { geometry: { type: string } | null; properties: Record<string, unknown> }[];
    };
    const hull = plan.features.find((f) => f.properties.kind === 'alliance');
    expect(hull?.geometry?.type).toBe('Polygon');
    expect(hull?.properties.member_count).toBe(5);
    expect(plan.features.filter((f) => f.properties.kind === 'member')).toHaveLength(5);

    // The printed plan: only the one-page summary shows on paper.
    await page.emulateMedia({ media: 'print' });
    await page.getByTestId('plan-print').waitFor({ state: 'visible' });
    expect(await page.getByTestId('plan-print').textContent()).toContain('柳河片区稻米联建（方案A）');
    await screenshot(page, 'planner-print');
    await page.emulateMedia({ media: 'screen' });

    // 5. Station coverage: uncovered villages and the three best new sites.
    await page.getByTestId('planner-tab-coverage').click();
    await expect.poll(() => page.getByTestId('coverage-site').count()).toBe(3);
    expect(Number(await page.getByTestId('coverage-uncovered').getAttribute('data-count'))).toBeGreaterThan(0);
    expect(await page.getByTestId('coverage-site-gain').first().textContent()).toMatch(/^\+[\d,]+ 人$/);
    // The map fits the county: wait until every village of it is drawn.
    await expect.poll(() => page.evaluate<number>('window.__xiangtuPlanner.villageCount()')).toBe(60);
    await page.getByTestId('loading').waitFor({ state: 'hidden' });
    await screenshot(page, 'planner-coverage');

    // Phone width: the panel is a bottom sheet and nothing overflows.
    await page.getByTestId('planner-tab-builder').click();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.waitForTimeout(400);
    await screenshot(page, 'planner-phone');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(
      await page.evaluate<number>('document.querySelector("[data-testid=planner-panel]").scrollWidth'),
    ).toBeLessThanOrEqual(360);

    for (const tab of ['partners', 'coverage'] as const) {
      await page.getByTestId(`planner-tab-${tab}`).click();
      await page.getByTestId(`planner-panel-${tab}`).waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      expect(
        await page.evaluate<number>('document.querySelector("[data-testid=planner-panel]").scrollWidth'),
      ).toBeLessThanOrEqual(360);
    }
    await screenshot(page, 'planner-phone-coverage');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('asks for a name, and offers a reload when someone else saved the alliance meanwhile', async () => {
    const context = await newContext(e2e.browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'planner');
    await page.goto(`${e2e.base}/planner`);
    await page.locator('[data-testid=planner-map][data-villages-drawn]:not([data-villages-drawn="0"])').waitFor();

    // A draft without a name is not sent; the field says why.
    await clickVillage(page, 10);
    await expect.poll(() => page.getByTestId('member-row').count()).toBe(1);
    await page.getByTestId('draft-save').click();
    await page.getByTestId('alliance-name-error').waitFor();
    await expect
      .poll(() => page.evaluate<string>('document.activeElement?.dataset.testid ?? ""'))
      .toBe('alliance-name');

    // Open a saved alliance (discarding the unnamed draft).
    const name = '柳河片区稻米产业党建联建';
    await page.getByTestId('saved-toggle').click();
    await page.locator(`[data-testid=saved-alliance][data-name="${name}"]`).getByTestId('saved-open').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('member-row').count()).toBe(5);
    await expect.poll(() => page.getByTestId('alliance-name').inputValue()).toBe(name);

    // Someone else saves it meanwhile; our save is refused with 412 and we may reload.
    const list = (await (await page.request.get(`${e2e.base}/api/alliances`)).json()) as {
      features: { id: number; properties: { name: string; version: number } }[];
    };
    const saved = list.features.find((f) => f.properties.name === name)!;
    const res = await page.request.patch(`${e2e.base}/api/alliances/${saved.id}`, {
      headers: { 'If-Match': `"${saved.properties.version}"` },
      data: { properties: { notes: '他人刚修改的备注' } },
    });
    expect(res.status()).toBe(200);
    await page.getByTestId('alliance-meeting_cadence').fill('每月一次联席会议');
    await page.getByTestId('draft-save').click();
    await page.getByTestId('save-conflict').waitFor();
    await screenshot(page, 'planner-conflict');
    await page.getByTestId('conflict-reload').click();
    await expect.poll(() => page.getByTestId('alliance-notes').inputValue()).toBe('他人刚修改的备注');
    await expect.poll(() => page.getByTestId('save-conflict').count()).toBe(0);
    await expect.poll(() => page.getByTestId('summary-members').textContent()).toContain('5 个村');

    // English throughout.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('planner-tab-builder').textContent()).toContain('Alliance');
    await expect.poll(() => page.getByTestId('draft-save').textContent()).toContain('Save changes');
    await screenshot(page, 'planner-en');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps first secretaries out of the planner page', async () => {
    const context = await newContext(e2e.browser);
    const page = await context.newPage();
    await login(page, e2e.base, 'secretary');
    expect(await page.getByTestId('nav-planner').count()).toBe(0);
    await page.goto(`${e2e.base}/planner`);
    await page.getByTestId('forbidden').waitFor();
    await context.close();
  });
});

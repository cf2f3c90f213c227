/// <reference lib="dom" />
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { AttentionList, DashboardStats } from '../../common/stats/types.ts';
import { login, newContext, screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

/** Elements of the dashboard wider than the window (nothing may scroll sideways). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const w = document.documentElement.clientWidth;
    return [...document.querySelectorAll('[data-testid=dashboard] *')]
      .filter((el) => !el.closest('.dash-table-wrap'))
      .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.right > w + 1; })
      .slice(0, 5)
      .map((el) => el.tagName + '.' + el.className + ' ' + (el.getAttribute('data-testid') || ''));
  })()`);
}

/** GET JSON from the app in the page (its session; a fresh socket each time, unlike page.request). */
const apiJson = <T>(page: Page, path: string) =>
  page.evaluate<T>(`fetch(${JSON.stringify(path)}, { credentials: 'same-origin' }).then((r) => r.json())`);
const query = (page: Page) => new URL(page.url()).searchParams;
const drawnVillages = (page: Page) =>
  page.evaluate<number>('Number(document.querySelector("[data-testid=map]")?.dataset.villagesDrawn ?? 0)');

describe.skipIf(!inject('chromium'))('the dashboard (统计看板)', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('shows an official their township’s figures; the 薄弱村 bar opens the map filtered to them', async () => {
    const context = await newContext(e2e.browser, { width: 1366, height: 900 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'official');

    await page.getByTestId('nav-dashboard').click();
    await page.getByTestId('dash-income-table').waitFor();
    const api = await apiJson<DashboardStats>(page, `/api/stats?township=1`);
    expect(await page.getByTestId('dash-scope').inputValue()).toBe('1');
    expect(await page.getByTestId('dash-villages').textContent()).toBe(String(api.villages.total));
    const weak = api.income.current.find((b) => b.band === '薄弱村')!.count;
    expect(weak).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=dash-income-table] tr[data-key=薄弱村] td').first().textContent()).toBe(
      String(weak),
    );
    await page.getByTestId('attention-item').first().waitFor();
    await screenshot(page, 'dashboard-desktop');
    await page.getByTestId('dash-chains').scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-desktop-lower');

    // Click the bar itself (ECharts draws on a canvas: ask where the bar is, click that pixel).
    await page.getByTestId('dash-income-chart').scrollIntoViewIfNeeded();
    await expect
      .poll(() => page.evaluate('window.__xiangtuDashboard?.barPixel("dash-income", "薄弱村") ?? null'))
      .not.toBeNull();
    const bar = await page.evaluate<{ x: number; y: number }>(
      'window.__xiangtuDashboard.barPixel("dash-income", "薄弱村")',
    );
    await page.mouse.click(bar.x, bar.y);
    await page.getByTestId('map').waitFor();
    await expect.poll(() => query(page).get('band')).toBe('薄弱村');
    expect(query(page).get('township')).toBe('1');
    await expect.poll(() => drawnVillages(page)).toBeGreaterThan(0);

    // The figure tiles and the tables' names are links too (keyboard users, no canvas needed).
    await page.goBack();
    await page.getByTestId('dash-ending').click();
    await expect.poll(() => query(page).get('sec')).toBe('ending');
    expect(query(page).get('theme')).toBe('secretary');
    await page.goBack();
    await page.locator('[data-testid=dash-assets-link][data-key=耕地]').click();
    await expect.poll(() => query(page).get('subtype')).toBe('耕地');
    expect(query(page).get('layers')).toBe('townships,villages,assets');

    // An attention item opens the thing it is about.
    await page.goBack();
    const attention = await apiJson<AttentionList>(page, `/api/stats/attention?township=1&limit=30`);
    // Eight at first (the list sits beside the map too), all on asking.
    expect(await page.getByTestId('attention-item').count()).toBe(Math.min(8, attention.items.length));
    if (attention.items.length > 8) {
      await page.getByTestId('attention-toggle').click();
      await expect.poll(() => page.getByTestId('attention-item').count()).toBe(attention.items.length);
    }
    expect(await page.getByTestId('attention-total').textContent()).toBe(String(attention.total));
    const first = attention.items[0]!;
    await page.getByTestId('attention-item').first().click();
    await page.getByTestId('map').waitFor();
    await expect
      .poll(() => query(page).get('sel') ?? query(page).get('village'))
      .toBe(first.layer === 'villages' ? String(first.id) : `${first.layer}:${first.id}`);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('downloads the figures as Excel and fits a 360 px phone', async () => {
    const context = await newContext(e2e.browser, { width: 360, height: 740 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'planner');
    await page.goto(`${e2e.base}/dashboard`);
    await page.getByTestId('dash-assets-table').waitFor();
    // A planner has no townships of their own: the county.
    expect(await page.getByTestId('dash-scope').inputValue()).toBe('all');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dash-download').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const api = await apiJson<DashboardStats>(page, `/api/stats`);
    const sheet = wb.getWorksheet('收入分档')!;
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === '薄弱村')!;
    expect(row.getCell(2).value).toBe(api.income.current.find((b) => b.band === '薄弱村')!.count);
    expect(wb.getWorksheet('村集体资产')!.getRow(1).getCell(4).value).toBe('面积（亩）');

    await page.getByTestId('attention-item').first().waitFor();
    await screenshot(page, 'dashboard-phone');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    expect(await overflowing(page)).toEqual([]);
    await page.getByTestId('dash-income').scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-phone-charts');
    await page.getByTestId('dash-assets').scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-phone-assets');
    expect(await overflowing(page)).toEqual([]);

    // Sixteen subtypes lie down on a phone; a bar still opens the map with that subtype.
    await page.getByTestId('dash-assets-chart').scrollIntoViewIfNeeded();
    const cold = await page.evaluate<{ x: number; y: number } | null>(
      'window.__xiangtuDashboard.barPixel("dash-assets", "冷库")',
    );
    expect(cold).not.toBeNull();
    await page.mouse.click(cold!.x, cold!.y);
    await expect.poll(() => query(page).get('subtype')).toBe('冷库');
    await page.getByTestId('map').waitFor();
    await page.goBack();
    await page.getByTestId('dash-assets-table').waitFor();

    // Another township from the selector: the figures follow.
    await page.getByTestId('dash-scope').selectOption('2');
    const two = await apiJson<DashboardStats>(page, `/api/stats?township=2`);
    await expect.poll(() => page.getByTestId('dash-villages').textContent()).toBe(String(two.villages.total));
    expect(query(page).get('township')).toBe('2');

    // In English too.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('[data-testid=dashboard] h1').textContent()).toBe('Dashboard');
    expect(await page.locator('[data-testid=dash-income-table] tr[data-key=薄弱村] a').textContent()).toBe(
      'Weak (薄弱村)',
    );
    await screenshot(page, 'dashboard-phone-en');
    expect(await overflowing(page)).toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  });
});

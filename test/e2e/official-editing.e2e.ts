/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, newContext, screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

interface FC {
  features: { id: number; properties: Record<string, unknown>; geometry: { coordinates: number[] } | null }[];
  total?: number;
}

describe.skipIf(!inject('chromium'))("officials' editing on the map", () => {
  let e2e: E2E;
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
  const saved = (page: Page) =>
    expect.poll(() => page.getByTestId('map-edit-dialog').count(), { timeout: 15_000 }).toBe(0);

  it("updates a station's hours, places a new station, adds a team member and an assessment", async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 900 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'official');
    await expect
      .poll(() => page.evaluate<number>('Number(document.body.dataset.villagesDrawn ?? 0)'))
      .toBeGreaterThan(10);

    // 1. A station of the official's township: new opening hours, through the shared editor.
    const stations = await api<FC>(page, '/api/stations?township=1');
    const station = stations.features[0]!;
    await page.goto(`${e2e.base}/?sel=stations:${station.id}`);
    await page.getByTestId('detail-edit').click();
    await page.getByTestId('map-edit-dialog').waitFor();
    await page.getByTestId('rf-opening_hours').fill('周一至周六 8:00-18:00');
    await page.getByTestId('editor-save').click();
    await saved(page);
    await expect
      .poll(async () => (await api<FC['features'][0]>(page, `/api/stations/${station.id}`)).properties.opening_hours)
      .toBe('周一至周六 8:00-18:00');
    await page.getByTestId('detail-panel').getByText('周一至周六 8:00-18:00').waitFor();

    // 2. A new station placed on the map inside the township.
    const before = (await api<FC>(page, '/api/stations?limit=1')).total!;
    await page.getByTestId('place-station').click();
    await page.getByTestId('place-hint').waitFor();
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2 - 200, box.y + box.height / 2);
    await page.getByTestId('map-edit-dialog').waitFor();
    await page.getByTestId('rf-name').fill('新建测试服务站');
    await screenshot(page, 'official-new-station');
    await page.getByTestId('editor-save').click();
    await saved(page);
    const all = await api<FC>(page, '/api/stations?q=新建测试服务站');
    expect(all.features).toHaveLength(1);
    expect(all.features[0]!.properties.township_id).toBe(1);
    expect((await api<FC>(page, '/api/stations?limit=1')).total).toBe(before + 1);
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe(`stations:${all.features[0]!.id}`);

    // 3. A new work-team member of 羊草沟村.
    const village = (await api<FC>(page, '/api/villages?q=羊草沟')).features[0]!;
    const team = (await api<FC>(page, `/api/secretaries?village=${village.id}`)).features.length;
    await page.goto(`${e2e.base}/?village=${village.id}`);
    await page.getByTestId('add-member').click();
    await page.getByTestId('rf-name').fill('王测试');
    await page.getByTestId('rf-unit').fill('示例县农业农村局');
    await page.getByTestId('editor-save').click();
    await saved(page);
    const after = await api<FC>(page, `/api/secretaries?village=${village.id}`);
    expect(after.features).toHaveLength(team + 1);
    const member = after.features.find((s) => s.properties.name === '王测试')!;
    expect(member.properties).toMatchObject({ role: '队员', status: '在岗', unit: '示例县农业农村局' });
    await page.locator('[data-testid=detail-secretary][data-name="王测试"]').waitFor();

    // 4. That member's annual assessment.
    await page.goto(`${e2e.base}/?sel=secretaries:${member.id}`);
    await page.getByTestId('add-assessment').click();
    await page.getByTestId('rf-grade').selectOption('优秀');
    await page.getByTestId('editor-save').click();
    await saved(page);
    const assessments = await api<FC>(page, `/api/assessments?secretary=${member.id}`);
    expect(assessments.features.map((a) => a.properties.grade)).toEqual(['优秀']);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers a planner no editing', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 900 });
    const page = await context.newPage();
    await login(page, e2e.base, 'planner');
    const station = (await api<FC>(page, '/api/stations?limit=1')).features[0]!;
    await page.goto(`${e2e.base}/?sel=stations:${station.id}`);
    await page.getByTestId('detail-title').waitFor();
    expect(await page.getByTestId('detail-edit').count()).toBe(0);
    expect(await page.getByTestId('place-station').count()).toBe(0);
    await context.close();
  });
});

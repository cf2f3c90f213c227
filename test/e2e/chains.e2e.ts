import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, newContext, screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

interface ChainsBody {
  features: {
    id: number;
    properties: { name: string; nodes: { id: number; stage: string }[] };
  }[];
}

/** Node ids drawn on the chain map (the page's own test hook). */
const visibleNodeIds = (page: Page) => page.evaluate<number[]>('window.__xiangtuChains?.visibleNodeIds() ?? []');
const linkIds = (page: Page) => page.evaluate<number[]>('window.__xiangtuChains?.linkIds() ?? []');

/** Clicks a drawn chain node with the real mouse. */
async function clickNode(page: Page, id: number): Promise<void> {
  const pixel = await page.evaluate<{ x: number; y: number } | null>(`window.__xiangtuChains.nodePixel(${id})`);
  const box = await page.getByTestId('chain-map').boundingBox();
  expect(pixel).not.toBeNull();
  await page.mouse.click(box!.x + pixel!.x, box!.y + pixel!.y);
}

describe.skipIf(!inject('chromium'))('the industry-chain page', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('lets a planner filter, read, analyse and edit chains on desktop and phone', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'planner');
    await page.getByTestId('nav-chains').click();
    await page.getByTestId('chain-legend').waitFor();

    const all = (await (await page.request.get(`${e2e.base}/api/chains`)).json()) as ChainsBody;
    const allNodeIds = all.features.flatMap((c) => c.properties.nodes.map((n) => n.id));
    const strawberry = all.features.find((c) => c.properties.name === '草莓')!;
    expect(strawberry).toBeDefined();

    // The legend lists the three chains and exactly the stages drawn.
    await expect.poll(async () => (await visibleNodeIds(page)).length).toBe(allNodeIds.length);
    const chainNames = await page
      .locator('[data-testid=chain-legend-chain]:not([data-name=""])')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(chainNames.sort()).toEqual(['稻米', '肉牛', '草莓'].sort());
    const legendStages = await page
      .getByTestId('chain-legend-stage')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-stage')));
    const drawnStages = new Set(all.features.flatMap((c) => c.properties.nodes.map((n) => n.stage)));
    expect(new Set(legendStages)).toEqual(drawnStages);
    await screenshot(page, 'chains-all');

    // Filter to 草莓: only its nodes stay.
    await page.getByTestId(`chain-filter-${strawberry.id}`).check();
    const strawberryIds = strawberry.properties.nodes.map((n) => n.id).sort((a, b) => a - b);
    await expect.poll(async () => (await visibleNodeIds(page)).sort((a, b) => a - b)).toEqual(strawberryIds);

    // Its table view.
    await page.locator('[data-testid=chain-item][data-name="草莓"]').click();
    await expect.poll(() => page.getByTestId('chain-detail-name').textContent()).toBe('草莓');
    await page.getByTestId('chain-nodes-table').waitFor();
    expect(await page.getByTestId('chain-node-row').count()).toBeGreaterThanOrEqual(5);
    expect(await page.getByTestId('chain-link-row').count()).toBeGreaterThanOrEqual(5);
    await screenshot(page, 'chains-table');

    // Gap analysis: 仓储冷链 is missing and 谭家甸子村 (a 冷库) could fill it.
    await page.getByTestId('chain-tab-gaps').click();
    const cold = page.locator('[data-testid=gaps-missing][data-stage="仓储冷链"]');
    await cold.waitFor();
    expect(await cold.textContent()).toContain('仓储冷链');
    expect(await cold.textContent()).toContain('必需');
    const supplier = cold.locator('[data-testid=gaps-supplier][data-name="谭家甸子村"]');
    await supplier.waitFor();
    expect(await supplier.textContent()).toMatch(/冷库/);
    await supplier.click();
    await expect
      .poll(() => page.evaluate<string | null>('window.__xiangtuChains.supplier()?.label ?? null'))
      .toBe('谭家甸子村');
    await page.waitForTimeout(800); // the fly-to animation
    await screenshot(page, 'chains-gaps');

    // The alliance's part of the chain.
    await page.getByTestId('gaps-alliance').selectOption({ index: 1 });
    await expect.poll(() => page.getByTestId('gaps-missing').count()).toBeGreaterThan(0);

    // A new chain with a node at a village, a free-point node and a link between them.
    await page.getByTestId('chain-back').click();
    await page.getByTestId('chain-create').click();
    await page.getByTestId('cf-name').fill('测试链');
    await page.getByTestId('cf-lead-product').fill('测试产品');
    await page.getByTestId('cf-submit').click();
    await expect.poll(() => page.getByTestId('chain-detail-name').textContent()).toBe('测试链');
    await page.getByTestId('chain-nodes-empty').waitFor();

    await page.getByTestId('chain-add-node').click();
    await page.getByTestId('nf-name').fill('前河村测试基地');
    await page.getByTestId('nf-stage').selectOption('种植基地');
    await page.getByTestId('node-village-search').fill('前河');
    await page.locator('[data-testid=node-village-option][data-name="前河村"]').click();
    await expect.poll(() => page.getByTestId('nf-coords').textContent()).toContain('经度');
    await page.getByTestId('nf-submit').click();
    await expect.poll(() => page.getByTestId('chain-node-row').count()).toBe(1);
    const villageNodeId = Number(await page.getByTestId('chain-node-row').getAttribute('data-id'));
    await expect.poll(() => visibleNodeIds(page)).toEqual([villageNodeId]);

    await page.getByTestId('chain-fit').click();
    await page.waitForTimeout(500);
    await page.getByTestId('chain-add-node').click();
    await page.getByTestId('nf-name').fill('测试冷库');
    await page.getByTestId('nf-stage').selectOption('仓储冷链');
    await page.getByTestId('nf-where-free').check();
    await expect.poll(() => page.getByTestId('chain-map').getAttribute('data-mode')).toBe('place');
    const at = await page.evaluate<{ x: number; y: number }>(`window.__xiangtuChains.nodePixel(${villageNodeId})`);
    const box = (await page.getByTestId('chain-map').boundingBox())!;
    await page.mouse.click(box.x + at.x - 160, box.y + at.y - 90);
    await expect.poll(() => page.getByTestId('nf-coords').textContent()).toContain('经度');
    await page.getByTestId('nf-operator').selectOption('合作社');
    await page.getByTestId('nf-capacity').fill('500');
    await page.getByTestId('nf-unit').fill('立方米');
    await page.getByTestId('nf-submit').click();
    await expect.poll(() => page.getByTestId('chain-node-row').count()).toBe(2);
    const freeRow = page.locator('[data-testid=chain-node-row][data-name="测试冷库"]');
    expect(await freeRow.textContent()).toContain('自由点位');
    const freeNodeId = Number(await freeRow.getAttribute('data-id'));

    await page.getByTestId('chain-add-link').click();
    await page.getByTestId('lf-pick').click();
    await expect.poll(() => page.getByTestId('chain-map').getAttribute('data-mode')).toBe('link');
    await clickNode(page, villageNodeId);
    await clickNode(page, freeNodeId);
    await expect.poll(() => page.getByTestId('lf-from').inputValue()).not.toBe('');
    await expect.poll(() => page.getByTestId('lf-to').inputValue()).not.toBe('');
    await page.getByTestId('lf-product').fill('鲜品');
    await page.getByTestId('lf-volume').fill('120');
    await page.getByTestId('lf-unit').fill('吨');
    await page.getByTestId('lf-mode').selectOption('订单');
    await page.getByTestId('lf-submit').click();
    await expect.poll(() => page.getByTestId('chain-link-row').count()).toBe(1);
    const linkId = Number(await page.getByTestId('chain-link-row').getAttribute('data-id'));
    await expect.poll(() => linkIds(page)).toEqual([linkId]);
    expect(await page.getByTestId('chain-link-row').textContent()).toMatch(
      /前河村测试基地.*测试冷库.*鲜品.*120 吨.*订单/,
    );
    await screenshot(page, 'chains-create');

    // A chain with nodes cannot be deleted: the dialog says what blocks it.
    await page.getByTestId('chain-delete').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('confirm-dialog').textContent()).toContain('2 个节点');
    await page.getByTestId('confirm-dialog').getByRole('button', { name: '取消' }).click();

    // Someone else edits the chain first: the form says so and the second save goes through.
    const chainId = (await (await page.request.get(`${e2e.base}/api/chains`)).json()).features.find(
      (c: { properties: { name: string } }) => c.properties.name === '测试链',
    ).id as number;
    const patched = await page.request.patch(`${e2e.base}/api/chains/${chainId}`, {
      headers: { 'If-Match': '"1"' },
      data: { properties: { description: '他人修改' } },
    });
    expect(patched.status()).toBe(200);
    await page.getByTestId('chain-edit').click();
    await page.getByTestId('cf-lead-product').fill('测试产品二');
    await page.getByTestId('cf-submit').click();
    await page.getByTestId('chain-form-conflict').waitFor();
    await page.getByTestId('cf-lead-product').fill('测试产品二');
    await page.getByTestId('cf-submit').click();
    await page.getByTestId('chain-form').waitFor({ state: 'detached' });

    // Delete the link after confirming.
    await page.getByTestId('chain-link-delete').click();
    expect(await page.getByTestId('confirm-dialog').textContent()).toContain('前河村测试基地 → 测试冷库');
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('chain-links-empty').waitFor();
    await expect.poll(() => linkIds(page)).toEqual([]);

    // Phone: the panel is a bottom sheet, nothing overflows.
    await page.getByTestId('chain-back').click();
    await page.getByTestId('chain-filter-all').check();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.waitForTimeout(400);
    await screenshot(page, 'chains-phone');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.locator('[data-testid=chain-item][data-name="草莓"]').click();
    await page.getByTestId('chain-nodes-table').waitFor();
    await page.waitForTimeout(400);
    await screenshot(page, 'chains-phone-table');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    // English, on desktop: the gap analysis in the other language.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('chain-tab-gaps').click();
    await page.locator('[data-testid=gaps-missing][data-stage="仓储冷链"]').waitFor();
    expect(await page.getByTestId('chain-gaps').textContent()).toContain('Cold storage');
    await screenshot(page, 'chains-en');
    await page.getByTestId('lang-switch').click();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('tells an official that a chain outside their townships is not theirs to change', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'official');
    await page.goto(`${e2e.base}/chains`);
    await page.locator('[data-testid=chain-item][data-name="肉牛"]').click();
    await page.getByTestId('chain-edit').click();
    await page.getByTestId('cf-lead-product').fill('冷鲜牛肉（改）');
    await page.getByTestId('cf-submit').click();
    await page.getByTestId('chain-form-error').waitFor();
    expect(await page.getByTestId('chain-form-error').textContent()).toContain('没有权限');
    expect(errors.filter((e) => !/403/.test(e))).toEqual([]);
    await context.close();
  });

  it('shows a secretary the chains read-only', async () => {
    const context = await newContext(e2e.browser, { width: 1280, height: 800 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'secretary');
    await page.goto(`${e2e.base}/chains`);
    await page.getByTestId('chain-read-only').waitFor();
    expect(await page.getByTestId('chain-create').count()).toBe(0);
    await page.locator('[data-testid=chain-item][data-name="草莓"]').click();
    await page.getByTestId('chain-nodes-table').waitFor();
    for (const id of [
      'chain-edit',
      'chain-delete',
      'chain-add-node',
      'chain-add-link',
      'chain-node-edit',
      'chain-link-delete',
    ]) {
      expect(await page.getByTestId(id).count(), id).toBe(0);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});

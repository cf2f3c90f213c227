import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, newContext, screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

const NEW_USER = 'liming';
const FIRST_PASSWORD = 'first-pass-123';

describe.skipIf(!inject('chromium'))('the admin page', () => {
  let e2e: E2E;
  let page: Page;
  let errors: string[];
  const row = (username: string) => page.locator(`[data-testid=user-row][data-username="${username}"]`);

  /** Tries to sign in in a fresh browser; returns the login error, or null when the user's landing page opened. */
  async function trySignIn(username: string, password: string): Promise<string | null> {
    const context = await newContext(e2e.browser);
    const p = await context.newPage();
    await p.goto(`${e2e.base}/login`);
    await p.getByTestId('login-username').fill(username);
    await p.getByTestId('login-password').fill(password);
    await p.getByTestId('login-submit').click();
    const outcome = await Promise.race([
      // Officials land on the map, a first secretary on their village's page.
      p
        .locator('[data-testid=map], [data-testid=village-page]')
        .first()
        .waitFor()
        .then(() => null),
      p
        .locator('[data-testid=login-error]:not([hidden])')
        .waitFor()
        .then(() => p.getByTestId('login-error').textContent()),
    ]);
    await context.close();
    return outcome;
  }

  beforeAll(async () => {
    e2e = await startE2E();
    const context = await newContext(e2e.browser);
    page = await context.newPage();
    errors = watchErrors(page);
    await login(page, e2e.base, 'admin');
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('creates a first secretary scoped to 羊草沟村 and lists it', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('nav-admin').click();
    await page.getByTestId('users-table').waitFor();
    await expect.poll(() => row('secretary').getByTestId('user-scope').textContent()).toBe('柳河镇 · 羊草沟村');
    await screenshot(page, 'admin-users');

    await page.getByTestId('user-add').click();
    await page.getByTestId('uf-username').fill(NEW_USER);
    await page.getByTestId('uf-display-name').fill('李明');
    await page.getByTestId('uf-password').fill(FIRST_PASSWORD);
    await page.getByTestId('uf-role-secretary').check();
    await page.getByTestId('scope-township').selectOption({ label: '柳河镇' });
    await page.getByTestId('scope-village-search').fill('羊草沟');
    await page.locator('[data-testid=scope-village-option][data-name="羊草沟村"]').click();
    await expect.poll(() => page.getByTestId('scope-village-chosen').textContent()).toContain('羊草沟村');
    await expect.poll(() => page.getByTestId('scope-secretary').locator('option').count()).toBeGreaterThan(1);
    await page.getByTestId('scope-secretary').selectOption({ index: 1 });
    await screenshot(page, 'admin-user-form');
    await page.getByTestId('uf-submit').click();

    await row(NEW_USER).waitFor();
    expect(await page.getByTestId('user-form').count()).toBe(0);
    expect(await row(NEW_USER).getByTestId('user-scope').textContent()).toBe('柳河镇 · 羊草沟村');
    expect(await row(NEW_USER).getByTestId('user-status').textContent()).toContain('启用');
    expect(await page.getByTestId('users-flash').textContent()).toContain('已创建用户');
  });

  it('shows a taken username beside the field', async () => {
    await page.getByTestId('user-add').click();
    await page.getByTestId('uf-username').fill(NEW_USER);
    await page.getByTestId('uf-password').fill(FIRST_PASSWORD);
    await page.getByTestId('uf-role-planner').check();
    await page.getByTestId('uf-submit').click();
    await expect.poll(() => page.locator('#uf-username-error').textContent()).toContain('已被使用');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('user-form').count()).toBe(0);
  });

  it('disables the account after a confirmation, after which it cannot sign in', async () => {
    await row(NEW_USER).getByTestId('user-toggle').click();
    await page.getByTestId('confirm-dialog').waitFor();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => row(NEW_USER).getByTestId('user-status').textContent()).toContain('停用');
    expect(await trySignIn(NEW_USER, FIRST_PASSWORD)).toContain('已停用');
  });

  it('enables it again and resets its password, and the new password works', async () => {
    await row(NEW_USER).getByTestId('user-toggle').click();
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => row(NEW_USER).getByTestId('user-status').textContent()).toContain('启用');

    await row(NEW_USER).getByTestId('user-reset').click();
    await page.getByTestId('reset-confirm').click();
    const value = page.getByTestId('reset-password-value');
    await value.waitFor();
    const password = await value.inputValue();
    expect(password).toMatch(/^[A-Za-z2-9]{12}$/);
    await screenshot(page, 'admin-reset-password');
    await page.getByTestId('reset-done').click();
    await expect.poll(() => page.getByTestId('reset-dialog').count()).toBe(0);

    expect(await trySignIn(NEW_USER, FIRST_PASSWORD)).toContain('用户名或密码不正确');
    expect(await trySignIn(NEW_USER, password)).toBeNull();
  });

  it('keeps an edit from overwriting a change someone else made meanwhile', async () => {
    await row('planner').getByTestId('user-edit').click();
    await page.getByTestId('uf-display-name').fill('规划院 王工');
    // Someone else renames the planner first.
    const users = (await (await page.request.get(`${e2e.base}/api/users`)).json()) as {
      users: { id: number; username: string; version: number }[];
    };
    const planner = users.users.find((u) => u.username === 'planner')!;
    const res = await page.request.patch(`${e2e.base}/api/users/${planner.id}`, {
      headers: { 'If-Match': `"${planner.version}"` },
      data: { display_name: '规划人员（已改）' },
    });
    expect(res.status()).toBe(200);

    await page.getByTestId('uf-submit').click();
    await expect.poll(() => page.getByTestId('user-form-conflict').textContent()).toContain('此用户已被他人修改');
    expect(await page.getByTestId('uf-display-name').inputValue()).toBe('规划人员（已改）');
    await page.getByTestId('uf-display-name').fill('规划院 王工');
    await page.getByTestId('uf-submit').click();
    await expect.poll(() => page.getByTestId('user-form').count()).toBe(0);
    expect(await row('planner').locator('td').nth(1).textContent()).toBe('规划院 王工');
  });

  it('saves new income thresholds, refusing falling ones beside the fields', async () => {
    await page.getByTestId('admin-tab-settings').click();
    await page.getByTestId('settings-form').waitFor();
    expect(await page.getByTestId('settings-meta').textContent()).toContain('尚未修改');

    await page.getByTestId('settings-weak').fill('3');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.locator('#settings-thresholds-error').textContent()).toContain('从小到大');

    await page.getByTestId('settings-shell').fill('6');
    await page.getByTestId('settings-weak').fill('12');
    await page.getByTestId('settings-strong').fill('60');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-status').textContent()).toContain('设置已保存');
    await screenshot(page, 'admin-settings');

    await page.reload();
    await page.getByTestId('settings-form').waitFor();
    expect(await page.getByTestId('settings-shell').inputValue()).toBe('6');
    expect(await page.getByTestId('settings-weak').inputValue()).toBe('12');
    expect(await page.getByTestId('settings-strong').inputValue()).toBe('60');
    expect(await page.getByTestId('settings-meta').textContent()).toContain('admin');

    // "恢复默认" only fills the form.
    await page.getByTestId('settings-defaults').click();
    expect(await page.getByTestId('settings-shell').inputValue()).toBe('5');
    await page.getByTestId('settings-undo').click();
    expect(await page.getByTestId('settings-shell').inputValue()).toBe('6');
  });

  it('lists what happened in the audit log, newest first, in words', async () => {
    await page.getByTestId('admin-tab-audit').click();
    await page.getByTestId('audit-table').waitFor();
    const actions = await page
      .getByTestId('audit-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(actions).toContain('user_create');
    expect(actions).toContain('password_reset');
    expect(await page.getByTestId('audit-table').textContent()).toContain('新增用户');
    await screenshot(page, 'admin-audit');
    expect(errors).toEqual([]);
  });

  it('stays usable at 360 px: users become cards and nothing overflows the page', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByTestId('admin-tab-users').click();
    await page.getByTestId('users-table').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await screenshot(page, 'admin-users-phone');
    await page.getByTestId('admin-tab-settings').click();
    await page.getByTestId('settings-form').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await screenshot(page, 'admin-settings-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

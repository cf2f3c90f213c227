import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { login, newContext, screenshot, startE2E, watchErrors, type E2E } from './browser.ts';

describe.skipIf(!inject('chromium'))('signing in and out', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => {
    await e2e?.close();
  });

  it('sends a visitor to the login page and says so when the password is wrong', async () => {
    const context = await newContext(e2e.browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${e2e.base}/`);
    await page.getByTestId('login-submit').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login-desktop');

    await page.getByTestId('login-username').fill('official');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-password').press('Enter');
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码不正确');
    expect(new URL(page.url()).pathname).toBe('/login');
    // The failed attempt keeps the username and clears the password.
    expect(await page.getByTestId('login-username').inputValue()).toBe('official');
    expect(await page.getByTestId('login-password').inputValue()).toBe('');
    await screenshot(page, 'login-error');
    // The 401 of a wrong password is logged by the browser as a failed resource, nothing else.
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signs in, shows who is signed in, and signs out back to the login page', async () => {
    const context = await newContext(e2e.browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await login(page, e2e.base, 'planner');
    expect(await page.getByTestId('user-role').textContent()).toBe('规划人员');

    await page.getByTestId('user-menu').click();
    expect(await page.getByTestId('nav-admin').count()).toBe(0); // planners have no admin link
    await page.getByTestId('logout').click();
    await page.getByTestId('login-submit').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    // The session is really gone: the app's API refuses us.
    expect((await page.request.get(`${e2e.base}/api/session`)).status()).toBe(401);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses the admin page to a planner, and brings an admin there after signing in', async () => {
    const context = await newContext(e2e.browser);
    const page = await context.newPage();
    await login(page, e2e.base, 'planner');
    await page.goto(`${e2e.base}/admin`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('admin-panel-users').count()).toBe(0);
    expect((await page.request.get(`${e2e.base}/api/users`)).status()).toBe(403);
    await context.close();

    const admin = await newContext(e2e.browser);
    const adminPage = await admin.newPage();
    await adminPage.goto(`${e2e.base}/admin?tab=settings`);
    await adminPage.getByTestId('login-submit').waitFor();
    await adminPage.getByTestId('login-username').fill('admin');
    await adminPage.getByTestId('login-password').fill('xiangtu-demo');
    await adminPage.getByTestId('login-submit').click();
    await adminPage.getByTestId('settings-form').waitFor();
    expect(new URL(adminPage.url()).pathname).toBe('/admin');
    await admin.close();
  });

  it('goes back to the login page, saying the session expired, when the server forgets the session', async () => {
    const context = await newContext(e2e.browser);
    const page = await context.newPage();
    await login(page, e2e.base, 'official');
    // Let the map finish its own requests first: one answered 401 would end the session before the
    // dialog below is opened (what this test drives).
    await page.waitForLoadState('networkidle');
    await context.clearCookies();
    // Any API call now answers 401: open the user menu's change-password dialog and submit it.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('change-password').click();
    await page.getByTestId('pw-current').fill('xiangtu-demo');
    await page.getByTestId('pw-new').fill('a-new-password');
    await page.getByTestId('pw-again').fill('a-new-password');
    await page.getByTestId('pw-submit').click();
    await page.getByTestId('session-expired').waitFor();
    expect(await page.getByTestId('session-expired').textContent()).toContain('登录已过期');
    // Signing in again returns to the same map view.
    const next = new URL(page.url()).searchParams.get('next');
    expect(next).toMatch(/^\/\?c=/);
    await page.getByTestId('login-username').fill('official');
    await page.getByTestId('login-password').fill('xiangtu-demo');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('map').waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(next);
    await context.close();
  });

  it('switches the login page to English and works at 360 px', async () => {
    const context = await newContext(e2e.browser, { width: 360, height: 740 });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${e2e.base}/login`);
    await page.getByTestId('login-submit').waitFor();
    expect(await page.getByTestId('login-submit').textContent()).toContain('登录');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await screenshot(page, 'login-phone');

    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('login-submit').textContent()).toContain('Sign in');
    expect(await page.locator('label[for=login-username]').textContent()).toBe('Username');
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
    await screenshot(page, 'login-phone-en');
    expect(errors).toEqual([]);
    await context.close();
  });
});

/**
 * The map page in headless Chromium over a synthetic dataset (issue #8): time from navigation to
 * the first drawn villages, and frame times while panning — the app as configured (zoomed-out
 * views drawn as counted clusters) against the same app listing the view's villages (capped at
 * 5,000; clusters off), measured in the same run.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../scripts/chromium.ts';
import { ROOT_DIR } from '../server/config.ts';
import type { Database } from '../server/db/connection.ts';
import type { Result } from './measure.ts';
import { serve } from './server.ts';

const VIEW = { width: 1280, height: 800 };
const PANS = 8;
const PAN_PX = 150;

interface ViewRun {
  firstMs: number;
  /** The same moment after the page's load event (the app shell fetched and parsed). */
  afterLoadMs: number;
  /** Bubbles or points drawn in the first view. */
  drawn: string;
  frames: number[];
  /** Township outlines on the map when the first villages were drawn, and when they first showed (from navigation). */
  outlines?: { count: number; ms: number | null };
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

/** `c=lng,lat,zoom` showing the whole dataset in a 1280 × 800 view. */
async function wholeView(db: Database): Promise<string> {
  const [e] = (await db.knex('villages').min({ w: 'lng', s: 'lat' }).max({ e: 'lng', n: 'lat' })) as Record<
    string,
    number
  >[];
  const dLng = Math.max(1e-6, e!.e! - e!.w!);
  const dLat = Math.max(1e-6, (e!.n! - e!.s!) * 1.25); // Mercator stretches latitude here
  const zoom = Math.floor(Math.log2((Math.min(VIEW.width / dLng, VIEW.height / dLat) * 360) / 256));
  return `${((e!.w! + e!.e!) / 2).toFixed(4)},${((e!.s! + e!.n!) / 2).toFixed(4)},${zoom}`;
}

const POINTS_DRAWN = '[data-testid=map][data-villages-drawn]:not([data-villages-drawn="0"])';
const ANY_DRAWN = `[data-testid=map][data-clustered-villages], ${POINTS_DRAWN}`;

export async function measureView(
  browser: Browser,
  db: Database,
  view: string,
  env: Record<string, string>,
  drawnSelector: string,
  withOutlines = false,
) {
  const s = await serve(db, { STATIC_DIR: path.join(ROOT_DIR, 'dist'), ...env });
  const context = await browser.newContext({ viewport: VIEW });
  try {
    const [name, ...value] = s.cookie.split(';')[0]!.split('=');
    await context.addCookies([{ name: name!, value: value.join('='), url: s.base }]);
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(`${s.base}/?c=${view}&layers=townships,villages`);
    await page.locator(drawnSelector).first().waitFor({ timeout: 120_000 });
    // Painted: the next animation frame after the mark.
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(0)))');
    const firstMs = performance.now() - t0;
    const afterLoadMs = Number(
      await page.evaluate('performance.now() - performance.getEntriesByType("navigation")[0].loadEventEnd'),
    );
    let outlines: ViewRun['outlines'];
    if (withOutlines) {
      const count = () => page.evaluate('window.__xiangtu.townshipOutlines()') as Promise<number>;
      let n = await count();
      while (n === 0 && performance.now() - t0 < 30_000) {
        await page.waitForTimeout(50);
        n = await count();
      }
      outlines = { count: n, ms: n ? performance.now() - t0 : null };
    }
    const drawn = String(
      await page.evaluate(
        `document.querySelectorAll('.xt-cluster').length ? document.querySelectorAll('.xt-cluster').length + ' bubbles' : (document.body.dataset.villagesDrawn ?? '0') + ' points'`,
      ),
    );
    await page.evaluate(
      `window.__frames = []; window.__stop = false; (function f(t) { window.__frames.push(t); if (!window.__stop) requestAnimationFrame(f); })(performance.now())`,
    );
    const box = (await page.getByTestId('map').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    for (let i = 0; i < PANS; i++) {
      const dir = i % 2 === 0 ? 1 : -1;
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx + dir * PAN_PX, cy, { steps: 10 });
      await page.mouse.up();
      // The view reloads after its debounce; let it draw.
      await page.waitForTimeout(900);
    }
    const stamps = (await page.evaluate('window.__stop = true, window.__frames')) as number[];
    const frames = stamps.slice(1).map((t, i) => t - stamps[i]!);
    return { firstMs, afterLoadMs, drawn, frames, outlines } satisfies ViewRun;
  } finally {
    await context.close();
    await s.close();
  }
}

/** The map page's first draw and pan frames, clustered (the app) against listed (the baseline). */
export async function mapPage(db: Database): Promise<Result[]> {
  if (!fs.existsSync(path.join(ROOT_DIR, 'dist', 'index.html')))
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT_DIR, stdio: 'inherit' });
  const browser = await launchChromium();
  try {
    const view = await wholeView(db);
    const app = await measureView(browser, db, view, {}, ANY_DRAWN);
    // Clusters off: the listed points (the first view may cluster until /api/config has answered).
    const listed = await measureView(browser, db, view, { MAP_CLUSTER_ABOVE: '100000000' }, POINTS_DRAWN);
    // Zoomed in to 8 at the same centre: points (or, over 2,000 villages, bubbles); township
    // outlines fetched for the view.
    const [lng, lat] = view.split(',');
    const view8 = `${lng},${lat},8`;
    const near = await measureView(browser, db, view8, {}, ANY_DRAWN, true);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const f = (r: ViewRun) => `${pct(r.frames, 0.5).toFixed(1)} / ${pct(r.frames, 0.95).toFixed(1)} ms`;
    return [
      {
        metric: `map page, whole dataset (c=${view}): first villages drawn`,
        value: `${s(app.afterLoadMs)} after load, ${s(app.firstMs)} from navigation (${app.drawn})`,
        baseline: `listing the view: ${s(listed.afterLoadMs)} after load, ${s(listed.firstMs)} from navigation (${listed.drawn})`,
        ratio: app.afterLoadMs / listed.afterLoadMs,
        target: '≤ 2 s after load',
        ok: app.afterLoadMs <= 2000,
      },
      {
        metric: `map page: frame time over ${PANS} pans of ${PAN_PX} px, p50 / p95`,
        value: f(app),
        baseline: `listing the view: ${f(listed)}`,
        ratio: pct(app.frames, 0.5) / pct(listed.frames, 0.5),
        target: 'median pan frame ≤ 50 ms',
        ok: pct(app.frames, 0.5) <= 50,
      },
      {
        metric: `map page at zoom 8 (c=${view8}): first villages drawn; township outlines; pan frames p50 / p95`,
        value:
          `${s(near.afterLoadMs)} after load (${near.drawn}); ${near.outlines?.count ?? 0} outlines drawn ` +
          `${near.outlines?.ms == null ? 'never' : `${s(near.outlines.ms)} from navigation`}; ${f(near)}`,
        target: '≤ 2 s after load; median pan frame ≤ 50 ms',
        ok: near.afterLoadMs <= 2000 && pct(near.frames, 0.5) <= 50,
      },
    ];
  } finally {
    await browser.close();
  }
}

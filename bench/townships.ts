/**
 * What the client loads for townships (issue #8): the index every page's pickers use (all the
 * townships, no geometry; revalidated with its ETag) and the outlines of one zoom-8 view, against
 * what it loaded before — `GET /api/townships` (the first 5,000, with their boundaries).
 */
import { gzipSync } from 'node:zlib';
import type { Result } from './measure.ts';
import type { Served } from './server.ts';

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const kb = (b: Buffer) => `${(b.length / 1e3).toFixed(0)} kB (${(gzipSync(b).length / 1e3).toFixed(0)} kB gzip)`;

async function timed(s: Served, path: string, runs = 7, headers: Record<string, string> = {}) {
  const times: number[] = [];
  let last = { status: 0, bytes: Buffer.alloc(0), ms: 0 };
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const res = await fetch(s.base + path, { headers: { cookie: s.cookie, ...headers } });
    const bytes = Buffer.from(await res.arrayBuffer());
    last = { status: res.status, bytes, ms: performance.now() - t0 };
    if (res.status !== 200 && res.status !== 304) throw new Error(`${path}: HTTP ${res.status}`);
    times.push(last.ms);
  }
  return { ...last, p50: pct(times.slice(1), 0.5), first: times[0]! };
}

export async function townships(s: Served): Promise<Result[]> {
  const index = await timed(s, '/api/townships/index');
  const res = await fetch(`${s.base}/api/townships/index`, { headers: { cookie: s.cookie } });
  const etag = res.headers.get('etag') ?? '';
  await res.arrayBuffer();
  const again = await timed(s, '/api/townships/index', 7, { 'if-none-match': etag });
  const n = (JSON.parse(index.bytes.toString()) as { townships: unknown[] }).townships.length;
  // A zoom-8 view (1280 × 800, padded by a quarter) in the middle of the data.
  const [c] = (await s.db.knex('townships').avg({ x: 'minx', y: 'miny' })) as { x: number; y: number }[];
  const view = [c!.x - 4.4, c!.y - 2.6, c!.x + 4.4, c!.y + 2.6].map((v) => v.toFixed(4)).join(',');
  const outlines = await timed(s, `/api/townships?bbox=${view}&limit=2000`);
  const inView = (JSON.parse(outlines.bytes.toString()) as { features: unknown[] }).features.length;
  const before = await timed(s, '/api/townships', 3);
  return [
    {
      metric: `townships the client loads: the index of all ${n}`,
      value:
        `${kb(index.bytes)}, ${ms(index.p50)} p50 (first ${ms(index.first)}); unchanged (304): ${ms(again.p50)}; ` +
        `a zoom-8 view's ${inView} outlines: ${kb(outlines.bytes)}, ${ms(outlines.p50)}`,
      baseline: `GET /api/townships (first 5,000 with boundaries): ${kb(before.bytes)}, ${ms(before.p50)}`,
      ratio: index.p50 / before.p50,
      target: 'every township listed; ≤ 1 MB gzip',
      ok: gzipSync(index.bytes).length <= 1e6 && again.status === 304,
    },
  ];
}

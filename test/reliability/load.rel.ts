/**
 * Load: 50 connections for 60 s (REL_LOAD_SECONDS shortens it locally; CI runs the full minute)
 * against a real server process, four roles at once, reads and writes mixed. Nothing may answer
 * 5xx, and the counters must add up: every 201 create is in the database afterwards, and a field
 * raised by one only through If-Match PATCHes ends exactly that many 200s above where it began.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER_SCHEMAS } from '../../common/schemas/layers.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { api, signIn, startServer, type ServerProcess } from './server-process.ts';

const SECONDS = Number(process.env.REL_LOAD_SECONDS ?? 60);
const CONNECTIONS = { admin: 14, official: 12, secretary: 12, planner: 12 } as const;
type Role = keyof typeof CONNECTIONS;

interface VillageFeature {
  id: number;
  geometry: { coordinates: [number, number] };
  properties: { township_id: number; households: number | null; version: number; name: string };
}

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
  if (server) fs.rmSync(server.dir, { recursive: true, force: true });
});

/** Percentile of sorted numbers (nearest rank). */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

describe('the server under 50 concurrent connections of mixed reads and writes', () => {
  it('answers no 5xx and loses no update', async () => {
    const { url } = server;
    const cookies = {} as Record<Role, string>;
    for (const role of Object.keys(CONNECTIONS) as Role[]) cookies[role] = await signIn(url, role);

    const me = async (role: Role) =>
      (await api(url, cookies[role], '/api/session')).body as {
        user: { township_ids: number[]; village_id: number | null };
      };
    const villages = (await api(url, cookies.admin, '/api/villages?limit=5000')).body as { features: VillageFeature[] };
    const official = await me('official');
    const secretary = await me('secretary');
    const secTarget = secretary.user.village_id!;
    const offTarget = villages.features.find(
      (v) => official.user.township_ids.includes(v.properties.township_id) && v.id !== secTarget,
    )!.id;
    expect(secTarget).toBeTruthy();
    expect(offTarget).toBeTruthy();
    const households = async (id: number) =>
      ((await api(url, cookies.admin, `/api/villages/${id}`)).body as VillageFeature).properties.households ?? 0;
    // A known start: the counters are households, set here once.
    for (const id of [secTarget, offTarget]) {
      const cur = (await api(url, cookies.admin, `/api/villages/${id}`)).body as VillageFeature;
      const res = await api(url, cookies.admin, `/api/villages/${id}`, {
        method: 'PATCH',
        headers: { 'if-match': `"${cur.properties.version}"` },
        body: { properties: { households: 1000 } },
      });
      expect(res.status).toBe(200);
    }
    const start = { [secTarget]: await households(secTarget), [offTarget]: await households(offTarget) };

    const asset = ((await api(url, cookies.admin, '/api/assets?limit=1')).body as { features: VillageFeature[] })
      .features[0]!;
    const assetProps = Object.fromEntries(
      LAYER_SCHEMAS.assets.keys.map((k) => [k, (asset.properties as unknown as Record<string, unknown>)[k] ?? null]),
    );
    const tag = `load-${Date.now()}`;

    const ids = villages.features.map((v) => v.id);
    const points = villages.features.map((v) => v.geometry.coordinates);
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const bbox = () => {
      const [x, y] = pick(points);
      const d = 0.02 + Math.random() * 0.1;
      return [x - d, y - d, x + d, y + d].map((n) => n.toFixed(4)).join(',');
    };

    const counts = {
      status: {} as Record<number, number>,
      created: new Set<number>(),
      patched: { [secTarget]: 0, [offTarget]: 0 } as Record<number, number>,
      // Sent and not (yet) answered: in flight when the clock stopped, committed or not.
      unanswered: { [secTarget]: 0, [offTarget]: 0 } as Record<number, number>,
      creates: 0,
      conflicts: 0,
    };
    const latencies: number[] = [];
    const reads: autocannon.Request[] = [
      { method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/villages?bbox=${bbox()}` }) },
      { method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/villages/${pick(ids)}` }) },
      { method: 'GET', path: '/api/stats' },
      { method: 'GET', setupRequest: (r) => ({ ...r, path: `/api/assets?bbox=${bbox()}` }) },
    ];
    /** Read the target, then PATCH households + 1 with If-Match; a 412 is retried by the next loop. */
    const increment = (target: number): autocannon.Request[] => [
      {
        method: 'GET',
        path: `/api/villages/${target}`,
        onResponse: (status, body, context) => {
          if (status !== 200) return;
          const f = JSON.parse(body) as VillageFeature;
          Object.assign(context, { version: f.properties.version, households: f.properties.households ?? 0 });
        },
      },
      {
        method: 'PATCH',
        setupRequest: (r, context) => {
          const c = context as { version?: number; households?: number };
          if (c.version === undefined) return null as unknown as autocannon.Request;
          counts.unanswered[target]!++;
          return {
            ...r,
            path: `/api/villages/${target}`,
            headers: { ...r.headers, 'content-type': 'application/json', 'if-match': `"${c.version}"` },
            body: JSON.stringify({ properties: { households: c.households! + 1 } }),
          };
        },
        onResponse: (status) => {
          counts.unanswered[target]!--;
          if (status === 200) counts.patched[target]!++;
          if (status === 412) counts.conflicts++;
        },
      },
    ];
    let seq = 0;
    const create: autocannon.Request = {
      method: 'POST',
      setupRequest: (r) => (
        counts.creates++,
        {
          ...r,
          path: '/api/assets',
          headers: { ...r.headers, 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'Feature',
            geometry: asset.geometry,
            properties: { ...assetProps, name: `${tag}-${++seq}`, external_id: null, photos: [] },
          }),
        }
      ),
      onResponse: (status, body) => {
        counts.creates--;
        if (status === 201) counts.created.add((JSON.parse(body) as { id: number }).id);
      },
    };
    const sequences: Record<Role, autocannon.Request[]> = {
      admin: [...reads, create],
      official: [...reads, ...increment(offTarget)],
      secretary: [...reads, ...increment(secTarget)],
      planner: [...reads, { method: 'GET', path: '/api/chains' }],
    };

    const runs = (Object.keys(CONNECTIONS) as Role[]).map(
      (role) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            {
              url,
              connections: CONNECTIONS[role],
              duration: SECONDS,
              headers: { cookie: cookies[role], origin: url },
              requests: sequences[role],
              timeout: 30,
            },
            (err, result) => (err ? reject(err as Error) : resolve(result)),
          );
          instance.on('response', (_client, status, _bytes, ms) => {
            counts.status[status] = (counts.status[status] ?? 0) + 1;
            latencies.push(ms);
          });
        }),
    );
    const results = await Promise.all(runs);
    const finished = {
      [secTarget]: await households(secTarget),
      [offTarget]: await households(offTarget),
    };
    await server.stop();

    latencies.sort((a, b) => a - b);
    const total = latencies.length;
    const sum = (k: 'errors' | 'timeouts' | '5xx') => results.reduce((n, r) => n + r[k], 0);
    const figures = {
      seconds: SECONDS,
      connections: Object.values(CONNECTIONS).reduce((a, b) => a + b, 0),
      requests: total,
      rps: Math.round(total / SECONDS),
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.at(-1),
      status: counts.status,
      errors: sum('errors'),
      timeouts: sum('timeouts'),
      created: counts.created.size,
      createsUnanswered: counts.creates,
      patched: counts.patched,
      patchesUnanswered: counts.unanswered,
      conflicts412: counts.conflicts,
    };
    console.log(`[load] ${JSON.stringify(figures)}`);

    expect(total).toBeGreaterThan(0);
    expect(sum('5xx')).toBe(0);
    expect(figures.errors).toBe(0);
    expect(figures.timeouts).toBe(0);
    // Only 412 (a stale If-Match, retried) is an expected refusal.
    for (const status of Object.keys(counts.status).map(Number))
      expect([200, 201, 412], `unexpected status ${status}`).toContain(status);
    for (const id of [secTarget, offTarget]) {
      expect(counts.patched[id]).toBeGreaterThan(0);
      // Every 200 counted; a PATCH still in flight when autocannon stopped may have landed too.
      const delta = finished[id]! - start[id]!;
      expect(delta, `lost updates on village ${id}`).toBeGreaterThanOrEqual(counts.patched[id]!);
      expect(delta, `phantom updates on village ${id}`).toBeLessThanOrEqual(
        counts.patched[id]! + counts.unanswered[id]!,
      );
    }

    // Every acknowledged create is in the file, and nothing else by that name.
    const db = openDatabase({ DB_FILE: server.dbFile });
    try {
      const rows = (await db.knex('assets').select('id').where('name', 'like', `${tag}-%`)) as { id: number }[];
      const stored = new Set(rows.map((r) => Number(r.id)));
      for (const id of counts.created) expect(stored.has(id), `created asset ${id} missing`).toBe(true);
      expect(stored.size - counts.created.size).toBeLessThanOrEqual(counts.creates);
      expect((await db.knex.raw('PRAGMA integrity_check')) as unknown).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      await db.close();
    }
  });
});

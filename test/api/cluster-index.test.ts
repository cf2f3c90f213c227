import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSynth } from '../../scripts/synth/load.ts';
import { ClusterIndex, countCells } from '../../server/services/cluster-index.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- responses are read as plain JSON */

// The nation's zoomed-out map is clustered from centres kept in memory (server/services/
// cluster-index.ts) once a layer is large; a province's by SQL. Both must draw the same bubbles.
const BOX = [112, 30, 114, 32] as const;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-cluster-index-'));
const file = path.join(dir, 'db.sqlite');
let memory: TestApp; // indexes layers from 1,000 features
let sql: TestApp; // the same database, never indexed
let a: request.Agent;
let b: request.Agent;

beforeAll(async () => {
  memory = await makeTestApp({ dbFile: file, config: { CLUSTER_INDEX_MIN_ROWS: 1000 } });
  await loadSynth(memory.db, { villages: 3000, extent: BOX });
  sql = await makeTestApp({ dbFile: file, config: { CLUSTER_INDEX_MIN_ROWS: 1_000_000 } });
  a = await signedIn(memory.app, 'admin');
  b = await signedIn(sql.app, 'admin');
});
afterAll(async () => {
  await memory.close();
  await sql.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cells = (body: any) =>
  body.features.map((f: any) => ({
    id: f.id,
    count: f.properties.count,
    single: f.properties.id,
    at: f.geometry.coordinates,
  }));

describe('clusters from the in-memory index', () => {
  it('are the cells SQL counts, for wide and narrow views and any grid', async () => {
    for (const [view, grid] of [
      [BOX, 8],
      [[73.5, 18, 135, 53.6], 64],
      [[112.5, 30.5, 113, 31], 24],
      [[112.31, 30.77, 112.32, 30.78], 4],
    ] as const) {
      const q = `/api/clusters/villages?bbox=${view.join(',')}&grid=${grid}`;
      const mine = cells((await a.get(q).expect(200)).body);
      const theirs = cells((await b.get(q).expect(200)).body);
      expect(mine.map((c: any) => [c.id, c.count, c.single])).toEqual(
        theirs.map((c: any) => [c.id, c.count, c.single]),
      );
      mine.forEach((c: any, i: number) => {
        expect(c.at[0]).toBeCloseTo(theirs[i].at[0], 9);
        expect(c.at[1]).toBeCloseTo(theirs[i].at[1], 9);
      });
    }
  });

  it('leave filtered views to SQL (a township filter counts only its villages)', async () => {
    const q = `/api/clusters/villages?bbox=${BOX.join(',')}&grid=8&township=1`;
    const mine = (await a.get(q).expect(200)).body;
    expect(mine.total).toBe((await b.get(q).expect(200)).body.total);
    expect(mine.total).toBeLessThan(3000);
  });

  it('see writes made through another process once rebuilt', async () => {
    const index = new ClusterIndex(memory.db, 1000, 0);
    const view = [112, 30, 114, 32] as const;
    const before = await index.clusters('villages', view, 4, 4);
    expect(before!.reduce((n, c) => n + c.n, 0)).toBe(3000);
    // Soft-delete ten villages through the other app's database handle, as another process would.
    const ids = (await sql.db.knex('villages').select('id').orderBy('id').limit(10)).map((r: any) => r.id);
    await sql.db.knex('villages').whereIn('id', ids).update({ deleted_at: '2026-11-29T00:00:00Z' });
    // The first answer after the write may be the old one (a rebuild started); then the new one.
    await index.clusters('villages', view, 4, 4);
    await index.settled();
    const after = await index.clusters('villages', view, 4, 4);
    expect(after!.reduce((n, c) => n + c.n, 0)).toBe(2990);
  });

  it('answers null (use SQL) for a layer under its threshold', async () => {
    expect(await new ClusterIndex(memory.db, 1_000_000).clusters('villages', BOX, 4, 4)).toBeNull();
  });
});

describe('countCells', () => {
  it('puts centres on the east and north edges in the last cell and skips those outside', () => {
    const p = {
      ids: Float64Array.from([5, 3, 9, 1]),
      xs: Float64Array.from([0, 10, 5, 11]),
      ys: Float64Array.from([0, 10, 5, 5]),
    };
    expect(countCells(p, [0, 0, 10, 10], 2, 2)).toEqual([
      { gx: 0, gy: 0, n: 1, x: 0, y: 0, id: 5 },
      { gx: 1, gy: 1, n: 2, x: 7.5, y: 7.5, id: 3 },
    ]);
  });
});

describe('a cluster index whose build fails', () => {
  it('answers null, so SQL answers, instead of failing the request or leaving a rejection unhandled', async () => {
    // A table without the spatial columns: the build's query fails in the real database.
    expect(await new ClusterIndex(memory.db, 1, 0).clusters('settings', BOX, 4, 4)).toBeNull();
  });
});

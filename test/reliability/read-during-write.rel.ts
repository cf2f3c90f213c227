/**
 * Long writes must not stall the map: a bbox read while a 2 s write transaction holds SQLite's one
 * write connection. Before the read pool every query shared that connection and waited ~2 s; with
 * it, reads go to their own WAL connections and see the last commit at once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/connection.ts';
import { pino } from 'pino';
import type request from 'supertest';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

const WRITE_MS = 2000;
const BBOX = '/api/villages?bbox=100,20,130,50&limit=200';

let t: TestApp;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-rel-read-'));
  t = await makeTestApp({ sample: true, dbFile: path.join(dir, 'x.sqlite') });
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Milliseconds of each bbox read started 200 ms into a WRITE_MS-long write transaction. */
async function readsDuringWrite(db: Database, agent: request.Agent): Promise<{ reads: number[]; write: number }> {
  const started = Date.now();
  const write = db.knex.transaction(async (tx) => {
    await tx('villages')
      .where({ id: 1 })
      .update({ notes: `long write ${started}` });
    await new Promise((r) => setTimeout(r, WRITE_MS));
  });
  await new Promise((r) => setTimeout(r, 200));
  const reads: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const res = await agent.get(BBOX);
    reads.push(performance.now() - t0);
    expect(res.status).toBe(200);
    expect((res.body as { features: unknown[] }).features.length).toBeGreaterThan(0);
  }
  await write;
  return { reads, write: Date.now() - started };
}

describe('a bbox read during a long write transaction', () => {
  it('waits for the write on one shared connection (before), not with the read pool (after)', async () => {
    expect(t.db.read).not.toBe(t.db.knex);
    // "Before": the same app wired with reads on the write connection, as it was.
    const single: Database = { ...t.db, read: t.db.knex };
    const before = createApp({ db: single, config: t.config, log: pino({ level: 'silent' }), version: 'rel' });
    const b = await readsDuringWrite(single, await signedIn(before, 'official'));
    const a = await readsDuringWrite(t.db, await signedIn(t.app, 'official'));
    const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    console.log(
      `[read-during-write] write ${WRITE_MS} ms; first bbox read: before ${b.reads[0]!.toFixed(0)} ms, ` +
        `after ${a.reads[0]!.toFixed(0)} ms (all reads: before ${fmt(b.reads)}; after ${fmt(a.reads)})`,
    );
    // One shared connection: the first read waits for the rest of the write (≈1.8 s).
    expect(b.reads[0]!).toBeGreaterThan(WRITE_MS * 0.6);
    // The pool: well below the write's duration (≈ a normal read; 2 busy cores leave some slack).
    expect(Math.max(...a.reads)).toBeLessThan(WRITE_MS / 4);
    // The read saw the last commit, not the write in progress.
    const after = await (await signedIn(t.app, 'admin')).get('/api/villages/1');
    expect((after.body as { properties: { notes: string | null } }).properties.notes).toMatch(/^long write/);
  });
});

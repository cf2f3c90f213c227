import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, systemClock } from '../../server/app.ts';
import { AuditRepository } from '../../server/repositories/audit-repository.ts';
import { IoRepository } from '../../server/repositories/io-repository.ts';
import { VillageExportRepository } from '../../server/repositories/village-export-repository.ts';
import { ExportService } from '../../server/services/export-service.ts';
import { LayerService } from '../../server/services/layer-service.ts';
import { addDays } from '../../common/secretary-state.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';
import { download } from './io-helpers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- exported files are walked as plain JSON */

// The villages' GeoJSON export is written by the database (server/services/village-export.ts);
// every other export goes the general way. The same app with the general path only (no
// `villages` for ExportService) is the oracle: the two downloads must be the same bytes.

let t: TestApp;
let fast: { admin: request.Agent; secretary: request.Agent };
let general: { admin: request.Agent; secretary: request.Agent };

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  const generalApp = createApp({
    db: t.db,
    config: t.config,
    log: pino({ level: 'silent' }),
    clock: systemClock,
    services: {
      ...t.services,
      exports: new ExportService({
        layers: t.services.layers,
        io: new IoRepository(t.db),
        audit: t.services.audit,
        clock: systemClock,
      }),
    },
  });
  fast = { admin: await signedIn(t.app, 'admin'), secretary: await signedIn(t.app, 'secretary') };
  general = { admin: await signedIn(generalApp, 'admin'), secretary: await signedIn(generalApp, 'secretary') };
});
afterAll(() => t.close());

/** Both paths' downloads of `url`; fails unless both are 200. */
async function both(url: string, who: 'admin' | 'secretary' = 'admin'): Promise<{ fast: Buffer; general: Buffer }> {
  const [f, g] = [await download(fast[who], url), await download(general[who], url)];
  expect(f.status, f.body.toString().slice(0, 300)).toBe(200);
  expect(g.status, g.body.toString().slice(0, 300)).toBe(200);
  expect(f.headers['content-type']).toBe(g.headers['content-type']);
  expect(f.headers['content-disposition']).toBe(g.headers['content-disposition']);
  return { fast: f.body, general: g.body };
}

/** Both paths' bytes of `url`, and the villages the fast path had the general path write (by id). */
async function bothWithFallback(url: string): Promise<{ fast: Buffer; general: Buffer; generalIds: number[] }> {
  const spy = vi.spyOn(LayerService.prototype, 'pages');
  try {
    const f = await download(fast.admin, url);
    const generalIds = spy.mock.calls.flatMap((c) => [...(c[2].villageIds ?? [])]).sort((a, b) => a - b);
    spy.mockRestore();
    const g = await download(general.admin, url);
    expect([f.status, g.status]).toEqual([200, 200]);
    return { fast: f.body, general: g.body, generalIds };
  } finally {
    spy.mockRestore();
  }
}

/** Asserts equal bytes, showing the first differing feature when they are not. */
function expectSame({ fast: f, general: g }: { fast: Buffer; general: Buffer }): void {
  if (f.equals(g)) return;
  const fl = f.toString().split('\n');
  const gl = g.toString().split('\n');
  const i = fl.findIndex((line, k) => line !== gl[k]);
  expect(fl[i], `line ${i} of ${fl.length} / ${gl.length}`).toBe(gl[i]);
  expect(f.equals(g)).toBe(true);
}

const now = () => new Date().toISOString();

/** Signs in over a listening server; the session cookie. */
async function cookieFor(server: http.Server, username: string): Promise<string> {
  const port = (server.address() as AddressInfo).port;
  const login = await fetch(`http://127.0.0.1:${port}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'xiangtu-demo' }),
  });
  return login.headers.get('set-cookie')!.split(';')[0]!;
}

/** A village row as stored, at (lng, lat), with `extra` columns over plain defaults. */
function villageRow(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const lng = 122.85 + (i % 50) * 0.001;
  const lat = 41.6 + Math.floor(i / 50) * 0.001;
  return {
    code: `21019${String(800000 + i).padStart(7, '0')}`,
    code_edition: 2024,
    name: `快导${i}村`,
    township_id: 1,
    location: JSON.stringify({ type: 'Point', coordinates: [lng, lat] }),
    lng,
    lat,
    minx: lng,
    miny: lat,
    maxx: lng,
    maxy: lat,
    incomes: '[]',
    flags: '[]',
    honours: '[]',
    version: 1,
    created_at: now(),
    updated_at: now(),
    ...extra,
  };
}

async function insertVillages(rows: Record<string, unknown>[]): Promise<number[]> {
  const ids: number[] = [];
  for (const r of rows) {
    const [res] = (await t.db.knex('villages').insert(r).returning('id')) as (number | { id: number })[];
    ids.push(typeof res === 'object' ? Number(res.id) : Number(res));
  }
  return ids;
}

async function secretary(villageId: number, extra: Record<string, unknown>): Promise<number> {
  const [res] = (await t.db
    .knex('secretaries')
    .insert({
      village_id: villageId,
      name: '书记',
      role: '第一书记',
      status: '在岗',
      version: 1,
      created_at: now(),
      updated_at: now(),
      ...extra,
    })
    .returning('id')) as (number | { id: number })[];
  return typeof res === 'object' ? Number(res.id) : Number(res);
}

describe('the villages GeoJSON export written by the database', () => {
  it('is the general path’s bytes for the sample county, whole and filtered, and needs it for no row', async () => {
    const spy = vi.spyOn(LayerService.prototype, 'pages');
    try {
      for (const q of ['', '?township=1', '?q=村', '?bbox=122.8,41.5,123.2,41.9', '?geom=location', '?township=1&q=1'])
        expectSame(await both(`/api/export/villages.geojson${q}`));
      expectSame(await both('/api/export/villages.geojson', 'secretary'));
      // The fast downloads read no page the general way; the general ones one page each (or more).
      expect(spy.mock.calls.length).toBe(7);
    } finally {
      spy.mockRestore();
    }
    const all = JSON.parse((await download(fast.admin, '/api/export/villages.geojson')).body.toString());
    const total = (await fast.admin.get('/api/villages?limit=1').expect(200)).body.total;
    expect(all.features).toHaveLength(total);
    expect(all.features.length).toBeGreaterThan(0);
    const mine = JSON.parse((await download(fast.secretary, '/api/export/villages.geojson')).body.toString());
    expect(mine.features).toHaveLength(1);
  });

  it('writes tricky values as the general path does: doubles, escapes, emoji, nulls, JSON columns, secretaries', async () => {
    const today = now().slice(0, 10);
    const texts = [
      'quote " and \\ backslash',
      'line\nbreak\r\ttab\u0001\u001f\u007f',
      'emoji 🌾🏘️ and 中文 \u2028\u2029',
      '',
      '</script>&<>',
    ];
    const rows = [
      villageRow(0, { operating_income: 0.30000000000000004, notes: texts[0] }),
      villageRow(1, { operating_income: 1e21, notes: texts[1], updated_by: texts[2] }),
      villageRow(2, { operating_income: 1e-7, name: texts[2], notes: texts[3] }),
      villageRow(3, { operating_income: 123456789.12345679, notes: texts[4], registered_population: null }),
      villageRow(4, { operating_income: -0, flags: JSON.stringify(['脱贫村']) }),
      villageRow(5, { operating_income: 49.99999999999999, flags: JSON.stringify(['其他', 7, null]) }),
      villageRow(6, {
        operating_income: 5,
        incomes: JSON.stringify([{ year: 2025, total: 0.1 + 0.2, operating: 1e-7, note: 'a"b\n🌾' }]),
        honours: JSON.stringify(['全国文明村', { nested: [1.5, 1e21, -0.000001] }]),
      }),
      villageRow(7, { honours: JSON.stringify(['\u0000 nul', '\ud83c lone surrogate', 'tab\t']) }),
      villageRow(8, { flags: JSON.stringify(['乡村振兴任务重的村', '脱贫村']), code_edition: 0 }),
      // Locations not in the canonical 7-decimal form.
      villageRow(9, { location: '{"type":"Point","coordinates":[122.123456789,41.10]}' }),
      villageRow(10, { location: '{"type":"Point","coordinates":[0.0000001,-0]}' }),
      villageRow(11, { location: '{"coordinates":[122.9,41.7],"type":"Point"}' }),
      villageRow(12, {
        boundary: JSON.stringify({
          type: 'Polygon',
          coordinates: [
            [
              [1, 1],
              [2, 1],
              [2, 2],
              [1, 1],
            ],
          ],
        }),
      }),
      villageRow(13, { updated_by: null, notes: null, households: null, party_members: 0 }),
      villageRow(14, { flags: JSON.stringify(['易地搬迁安置村']) }),
      villageRow(15),
      villageRow(16),
      villageRow(17),
      villageRow(18),
    ];
    const ids = await insertVillages(rows);
    // Secretaries: ending soon, far off, open-ended beside a dated one, two ending the same day,
    // and ones that do not count (left, another role, deleted).
    await secretary(ids[15]!, { name: '快到期', term_end: addDays(today, 30) });
    await secretary(ids[16]!, { name: '远期', term_end: '2099-12-31' });
    await secretary(ids[17]!, { name: '有期', term_end: '2030-01-01' });
    await secretary(ids[17]!, { name: '无期 "引号"', term_end: null });
    await secretary(ids[18]!, { name: '同日甲', term_end: '2031-06-30' });
    await secretary(ids[18]!, { name: '同日乙', term_end: '2031-06-30' });
    await secretary(ids[14]!, { name: '离任', status: '离任', term_end: '2099-01-01' });
    await secretary(ids[14]!, { name: '副书记', role: '驻村工作队员', term_end: '2099-01-01' });
    await secretary(ids[14]!, { name: '已删', term_end: '2099-01-01', deleted_at: now() });
    // SQLite keeps what it is given: a real, an integer past 2^53 and text in integer columns;
    // those rows are the only ones the database does not write itself.
    const odd =
      t.db.dialect.name === 'sqlite'
        ? await insertVillages([
            villageRow(19, { code_edition: 2024.5 }),
            villageRow(20, { registered_population: 2 ** 60 + 1 }),
            villageRow(21, { party_members: '十二' }),
          ])
        : [];
    try {
      const res = await bothWithFallback('/api/export/villages.geojson');
      expectSame(res);
      expect(res.generalIds).toEqual(odd);
      const byId = new Map(
        (JSON.parse(res.fast.toString()).features as any[]).map((f) => [f.id as number, f.properties]),
      );
      // The cases above are what they claim to be.
      expect(byId.get(ids[0]!).operating_income).toBe(0.30000000000000004);
      expect(byId.get(ids[1]!).notes).toBe(texts[1]);
      expect(byId.get(ids[4]!).secretary_state).toBe('vacant');
      expect(byId.get(ids[5]!).secretary_state).toBe('none');
      expect(byId.get(ids[14]!).secretary_state).toBe('vacant');
      expect(byId.get(ids[15]!)).toMatchObject({ secretary_state: 'ending', secretary_name: '快到期' });
      expect(byId.get(ids[16]!)).toMatchObject({ secretary_state: 'posted', secretary_name: '远期' });
      expect(byId.get(ids[17]!)).toMatchObject({ secretary_name: '无期 "引号"', secretary_term_end: null });
      expect(byId.get(ids[18]!)).toMatchObject({ secretary_name: '同日甲' });
      expect(byId.get(ids[12]!).has_boundary).toBe(true);
      expect(byId.get(ids[8]!).secretary_state).toBe('vacant');
      expect(byId.get(ids[9]!)).toBeDefined();
      // Filters and scope on the same rows.
      expectSame(await both('/api/export/villages.geojson?q=快导1'));
      expectSame(await both(`/api/export/villages.geojson?village=${ids[17]}`));
    } finally {
      await t.db
        .knex('secretaries')
        .whereIn('name', ['快到期', '远期', '有期', '无期 "引号"', '同日甲', '同日乙', '离任', '副书记', '已删'])
        .delete();
      await t.db.knex('villages').where('name', 'like', '快导%').delete();
      await t.db.knex('villages').where('name', texts[2]!).delete();
    }
  });

  it('leaves a page whose JSON columns are not as JSON.stringify writes them to the general path', async () => {
    const ids = await insertVillages([
      villageRow(40, { honours: '[ "空格" , 1.50 ]', incomes: '[{"year":2025,"total":1E2,"operating":10.0}]' }),
      villageRow(41, { flags: '["\\u8131\\u8d2b\\u6751"]' }),
      villageRow(42, { honours: '{"a":1,"a":2}' }),
      villageRow(43, { honours: 'null', incomes: 'null' }),
    ]);
    try {
      for (const id of ids) {
        const res = await bothWithFallback(`/api/export/villages.geojson?village=${id}`);
        expectSame(res);
        expect(res.generalIds).toEqual([id]);
      }
      const all = await bothWithFallback('/api/export/villages.geojson');
      expectSame(all);
      expect(all.generalIds).toEqual(expect.arrayContaining(ids));
    } finally {
      await t.db.knex('villages').whereIn('id', ids).delete();
    }
  });

  it('a township soft-deleted still names its villages, as in the general path', async () => {
    const [ids] = [await insertVillages([villageRow(30, { township_id: 2 })])];
    const before = await t.db.knex('townships').where({ id: 2 }).first();
    await t.db.knex('townships').where({ id: 2 }).update({ deleted_at: now() });
    try {
      const res = await both('/api/export/villages.geojson?township=2');
      expectSame(res);
      expect(JSON.parse(res.fast.toString()).features.length).toBeGreaterThan(0);
    } finally {
      await t.db.knex('townships').where({ id: 2 }).update({ deleted_at: before.deleted_at });
      await t.db.knex('villages').whereIn('id', ids).delete();
    }
  });

  it('holds each village once, in id order, across several pages (read ahead)', async () => {
    const n = 9000;
    const rows = Array.from({ length: n }, (_, i) => villageRow(100 + i, { operating_income: i / 7 }));
    for (let i = 0; i < rows.length; i += 200) await t.db.knex('villages').insert(rows.slice(i, i + 200));
    const spy = vi.spyOn(VillageExportRepository.prototype, 'page');
    try {
      const res = await both('/api/export/villages.geojson');
      expectSame(res);
      const ids = (JSON.parse(res.fast.toString()).features as any[]).map((f) => f.id as number);
      const live = (await t.db.knex('villages').whereNull('deleted_at').count({ n: '*' }))[0] as { n: number | string };
      expect(ids).toHaveLength(Number(live.n));
      expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
      expect(spy.mock.calls.length).toBeGreaterThanOrEqual(3);
      const afterIds = spy.mock.calls.map((c) => c[1]);
      expect(afterIds[0]).toBe(0);
      expect([...afterIds].sort((a, b) => a - b)).toEqual(afterIds);

      // Streamed: the first bytes leave before the last page is read.
      spy.mockClear();
      const server = t.app.listen(0);
      try {
        const cookie = await cookieFor(server, 'planner');
        const seen = await new Promise<{ pagesAtFirstByte: number; headers: http.IncomingHttpHeaders }>(
          (resolve, reject) => {
            const port = (server.address() as AddressInfo).port;
            http
              .get(`http://127.0.0.1:${port}/api/export/villages.geojson`, { headers: { cookie } }, (r) => {
                let pagesAtFirstByte = -1;
                r.on('data', () => {
                  if (pagesAtFirstByte < 0) pagesAtFirstByte = spy.mock.calls.length;
                });
                r.on('end', () => resolve({ pagesAtFirstByte, headers: r.headers }));
              })
              .on('error', reject);
          },
        );
        expect(seen.pagesAtFirstByte).toBeGreaterThan(0);
        expect(seen.pagesAtFirstByte).toBeLessThan(spy.mock.calls.length);
        expect(seen.headers['transfer-encoding']).toBe('chunked');
      } finally {
        server.close();
      }
    } finally {
      spy.mockRestore();
      await t.db.knex('villages').where('name', 'like', '快导%').delete();
    }
  });

  it('leaves other formats and village boundaries to the general path', async () => {
    const spy = vi.spyOn(VillageExportRepository.prototype, 'page');
    try {
      expectSame(await both('/api/export/villages.geojson?geom=boundary'));
      expectSame(await both('/api/export/villages.csv'));
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('the audit row of an export', () => {
  it('is written before the download ends', async () => {
    // A slow audit write (the database busy) must not let the client finish first.
    const append = AuditRepository.prototype.append;
    const spy = vi.spyOn(AuditRepository.prototype, 'append').mockImplementation(async function (
      this: AuditRepository,
      ...args: Parameters<AuditRepository['append']>
    ) {
      await new Promise((r) => setTimeout(r, 150));
      return append.apply(this, args);
    });
    const server = t.app.listen(0);
    try {
      const port = (server.address() as AddressInfo).port;
      const cookie = await cookieFor(server, 'planner');
      const before = Number(
        ((await t.db.knex('audit_log').where({ action: 'export' }).count({ n: '*' }))[0] as { n: number | string }).n,
      );
      for (const file of ['villages.geojson', 'stations.csv']) {
        await new Promise<void>((resolve, reject) => {
          http
            .get(`http://127.0.0.1:${port}/api/export/${file}`, { headers: { cookie } }, (res) => {
              res.resume();
              res.on('end', resolve);
            })
            .on('error', reject);
        });
        const entry = await t.db.knex('audit_log').where({ action: 'export' }).orderBy('id', 'desc').first();
        expect(JSON.parse(entry.details)).toMatchObject({ format: file.split('.')[1], complete: true });
      }
      const after = Number(
        ((await t.db.knex('audit_log').where({ action: 'export' }).count({ n: '*' }))[0] as { n: number | string }).n,
      );
      expect(after).toBe(before + 2);
    } finally {
      spy.mockRestore();
      server.close();
    }
  });
});

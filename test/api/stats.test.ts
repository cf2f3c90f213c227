import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attentionList } from '../../common/stats/attention.ts';
import { dashboardStats } from '../../common/stats/dashboard-stats.ts';
import type { AttentionList, DashboardStats } from '../../common/stats/types.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

const TODAY = '2026-11-28';
const clock = { now: () => new Date(`${TODAY}T08:00:00Z`) };

let t: TestApp;
let official: request.Agent;

/**
 * The oracle queries below are written in SQLite's SQL; on PostgreSQL (`npm run test:pg`) the few
 * SQLite-only pieces are rewritten to their PostgreSQL equivalents.
 */
function dialectSql(query: string): string {
  if (t.db.dialect.name !== 'postgres') return query;
  return query
    .replace(/json_each\(([^)]+)\) (\w+)/g, 'jsonb_array_elements(($1)::jsonb) AS $2(value)')
    .replace(/json_extract\((\w+)\.value, '\$\.(\w+)'\)/g, "(($1.value)->>'$2')::float")
    .replace(/(\w+)\.value IN \(/g, "($1.value #>> '{}') IN (")
    .replace(/date\(\?, '\+90 day'\)/g, "to_char(?::date + 90, 'YYYY-MM-DD')");
}

/** Rows of an oracle query, numbers as numbers on both databases (PostgreSQL sends bigints as text). */
async function sqlRows<T>(query: string, bindings: (string | number)[] = []): Promise<T[]> {
  const res = (await t.db.knex.raw(dialectSql(query), bindings)) as
    Record<string, unknown>[] | { rows: Record<string, unknown>[] };
  const rows = Array.isArray(res) ? res : res.rows;
  return rows.map(
    (r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v]),
      ) as T,
  );
}

/** One number from SQL. */
async function sqlCount(query: string, bindings: (string | number)[] = []): Promise<number> {
  const rows = await sqlRows<Record<string, unknown>>(query, bindings);
  return Number(Object.values(rows[0] ?? {})[0] ?? 0);
}

const TARGET = `EXISTS (SELECT 1 FROM json_each(v.flags) f WHERE f.value IN ('脱贫村','易地搬迁安置村','乡村振兴任务重的村','党组织软弱涣散村'))`;
const POSTED = `EXISTS (SELECT 1 FROM secretaries s WHERE s.village_id = v.id AND s.role = '第一书记' AND s.status = '在岗' AND s.deleted_at IS NULL)`;

beforeAll(async () => {
  t = await makeTestApp({ sample: true, clock });
  official = await signedIn(t.app, 'official');
});
afterAll(() => t.close());

async function stats(query = ''): Promise<DashboardStats> {
  return (await official.get(`/api/stats${query}`).expect(200)).body as DashboardStats;
}

describe('GET /api/stats', () => {
  it('counts villages per current income band as SQL does over the stored operating income', async () => {
    const s = await stats();
    expect(s.as_of).toBe(TODAY);
    const live = 'FROM villages WHERE deleted_at IS NULL';
    expect(s.villages.total).toBe(await sqlCount(`SELECT count(*) ${live}`));
    const band = Object.fromEntries(s.income.current.map((b) => [b.band, b.count]));
    expect(band['空壳村']).toBe(await sqlCount(`SELECT count(*) ${live} AND operating_income < 5`));
    expect(band['薄弱村']).toBe(
      await sqlCount(`SELECT count(*) ${live} AND operating_income >= 5 AND operating_income < 10`),
    );
    expect(band['一般村']).toBe(
      await sqlCount(`SELECT count(*) ${live} AND operating_income >= 10 AND operating_income < 50`),
    );
    expect(band['强村']).toBe(await sqlCount(`SELECT count(*) ${live} AND operating_income >= 50`));
    expect(band['未填报']).toBe(await sqlCount(`SELECT count(*) ${live} AND operating_income IS NULL`));
    expect(band['薄弱村']).toBeGreaterThan(0);
  });

  it('counts bands per year from every village’s incomes list', async () => {
    const s = await stats();
    const years = await sqlRows<{ year: number; shell: number; strong: number; n: number }>(
      `SELECT json_extract(i.value, '$.year') AS year,
              sum(CASE WHEN json_extract(i.value, '$.operating') < 5 THEN 1 ELSE 0 END) AS shell,
              sum(CASE WHEN json_extract(i.value, '$.operating') >= 50 THEN 1 ELSE 0 END) AS strong,
              count(*) AS n
         FROM villages v, json_each(v.incomes) i WHERE v.deleted_at IS NULL GROUP BY 1 ORDER BY 1`,
    );
    expect(s.income.by_year.map((y) => y.year)).toEqual(years.map((y) => y.year));
    for (const [i, y] of s.income.by_year.entries()) {
      const count = (b: string) => y.bands.find((x) => x.band === b)!.count;
      expect(count('空壳村')).toBe(years[i]!.shell);
      expect(count('强村')).toBe(years[i]!.strong);
      expect(y.bands.reduce((n, b) => n + b.count, 0)).toBe(years[i]!.n);
    }
  });

  it('counts first secretaries in post, terms ending within 90 days of the clock, and vacant target villages', async () => {
    const s = await stats();
    const inPost = `FROM secretaries WHERE role = '第一书记' AND status = '在岗' AND deleted_at IS NULL`;
    expect(s.secretaries.in_post).toBe(await sqlCount(`SELECT count(*) ${inPost}`));
    expect(s.secretaries.terms_ending).toBe(
      await sqlCount(`SELECT count(*) ${inPost} AND term_end <= date(?, '+90 day')`, [TODAY]),
    );
    expect(s.secretaries.terms_ending).toBeGreaterThan(0);
    const v = 'FROM villages v WHERE v.deleted_at IS NULL';
    expect(s.secretaries.target_villages).toBe(await sqlCount(`SELECT count(*) ${v} AND ${TARGET}`));
    const states = Object.fromEntries(s.secretaries.village_states.map((x) => [x.state, x.count]));
    expect(states.vacant).toBe(await sqlCount(`SELECT count(*) ${v} AND ${TARGET} AND NOT ${POSTED}`));
    expect(states.none).toBe(await sqlCount(`SELECT count(*) ${v} AND NOT ${TARGET} AND NOT ${POSTED}`));
    expect(states.posted! + states.ending!).toBe(await sqlCount(`SELECT count(*) ${v} AND ${POSTED}`));
  });

  it('reports the same station coverage as the coverage analysis, per township too', async () => {
    const [all, one] = [await stats(), await stats('?township=1')];
    const cov = (await official.get('/api/analysis/coverage?k=0').expect(200)).body as {
      summary: { overall: Record<string, number>; by_township: Record<string, number>[] };
    };
    const { villages, covered_villages, residents, covered_residents } = all.coverage;
    expect({ villages, covered_villages, residents, covered_residents }).toEqual(cov.summary.overall);
    const t1 = cov.summary.by_township.find((x) => x.township_id === 1)!;
    expect(one.coverage.covered_villages).toBe(t1.covered_villages);
    expect(one.coverage.covered_residents).toBe(t1.covered_residents);
    expect(all.coverage.stations).toBe(await sqlCount('SELECT count(*) FROM stations WHERE deleted_at IS NULL'));
    expect(one.coverage.stations).toBe(
      await sqlCount('SELECT count(*) FROM stations WHERE deleted_at IS NULL AND township_id = 1'),
    );
  });

  it('totals assets by subtype for a township as SQL does', async () => {
    const s = await stats('?township=1');
    const rows = await sqlRows<{ subtype: string; n: number; mu: number; m2: number; value: number }>(
      `SELECT a.subtype, count(*) AS n, coalesce(sum(a.area_mu), 0) AS mu, coalesce(sum(a.area_m2), 0) AS m2,
              coalesce(sum(a.book_value), 0) AS value
         FROM assets a JOIN villages v ON v.id = a.village_id
        WHERE a.deleted_at IS NULL AND v.township_id = 1 GROUP BY a.subtype`,
    );
    expect(s.assets.by_subtype.map((a) => a.subtype).sort()).toEqual(rows.map((r) => r.subtype).sort());
    for (const r of rows) {
      const a = s.assets.by_subtype.find((x) => x.subtype === r.subtype)!;
      expect(a.count).toBe(r.n);
      expect(a.area_mu).toBeCloseTo(r.mu, 2);
      expect(a.area_m2).toBeCloseTo(r.m2, 2);
      expect(a.book_value).toBeCloseTo(r.value, 2);
    }
    expect(s.assets.count).toBe(rows.reduce((n, r) => n + r.n, 0));
  });

  it('counts alliances by status and reports each chain’s missing stages as the gap analysis does', async () => {
    const s = await stats();
    for (const a of s.alliances.by_status)
      expect(a.count).toBe(
        await sqlCount('SELECT count(*) FROM alliances WHERE deleted_at IS NULL AND status = ?', [a.status]),
      );
    expect(s.chains.length).toBe(await sqlCount('SELECT count(*) FROM chains WHERE deleted_at IS NULL'));
    for (const c of s.chains) {
      const gaps = (await official.get(`/api/chains/${c.chain_id}/gaps`).expect(200)).body as {
        missing: { group: string; required: boolean }[];
      };
      expect(c.missing).toEqual(gaps.missing.filter((m) => m.required).map((m) => m.group));
      expect(c.required_present).toBe(c.required_total - c.missing.length);
      expect(c.node_count).toBe(
        await sqlCount('SELECT count(*) FROM chain_nodes WHERE deleted_at IS NULL AND chain_id = ?', [c.chain_id]),
      );
    }
  });

  it('follows an edit: a village moved into 强村 leaves its band', async () => {
    const before = await stats('?township=1');
    const admin = await signedIn(t.app, 'admin');
    const list = (await admin.get('/api/villages?township=1&limit=100').expect(200)).body as {
      features: { id: number; properties: { income_band: string; incomes: unknown[]; version: number } }[];
    };
    const weak = list.features.find((f) => f.properties.income_band === '薄弱村')!;
    await admin
      .patch(`/api/villages/${weak.id}`)
      .set('If-Match', `"${weak.properties.version}"`)
      .send({ properties: { incomes: [...weak.properties.incomes, { year: 2025, total: 90, operating: 80 }] } })
      .expect(200);
    const after = await stats('?township=1');
    const count = (s: DashboardStats, b: string) => s.income.current.find((x) => x.band === b)!.count;
    expect(count(after, '薄弱村')).toBe(count(before, '薄弱村') - 1);
    expect(count(after, '强村')).toBe(count(before, '强村') + 1);
  });

  it('follows the stations: one added at an uncovered village covers it, a wider default radius covers more', async () => {
    const admin = await signedIn(t.app, 'admin');
    const before = await stats('?township=1');
    const list = (await official.get('/api/stats/attention?township=1&limit=500').expect(200)).body as AttentionList;
    const uncovered = list.items.find((i) => i.kind === 'uncovered')!;
    const village = (await admin.get(`/api/villages/${uncovered.village_id}`).expect(200)).body;
    await admin
      .post('/api/stations')
      .send({
        type: 'Feature',
        geometry: village.geometry,
        properties: { name: '新建服务站', level: '站点', township_id: 1, village_id: village.id, functions: [] },
      })
      .expect(201);
    const added = await stats('?township=1');
    expect(added.coverage.stations).toBe(before.coverage.stations + 1);
    expect(added.coverage.covered_villages).toBeGreaterThan(before.coverage.covered_villages);
    const version = async () => `"${(await admin.get('/api/settings').expect(200)).body.version}"`;
    await admin
      .patch('/api/settings')
      .set('If-Match', await version())
      .send({ default_service_radius_m: 20_000 })
      .expect(200);
    const wide = await stats('?township=1');
    expect(wide.coverage.radius_m).toBe(20_000);
    expect(wide.coverage.covered_villages).toBeGreaterThan(added.coverage.covered_villages);
    await admin
      .patch('/api/settings')
      .set('If-Match', await version())
      .send({ default_service_radius_m: before.coverage.radius_m })
      .expect(200);
  });

  it('is open to every role and refuses bad or unknown townships', async () => {
    for (const role of ['admin', 'planner', 'secretary']) {
      const agent = await signedIn(t.app, role);
      await agent.get('/api/stats?township=1').expect(200);
    }
    await request(t.app).get('/api/stats').expect(401);
    const bad = await official.get('/api/stats?township=1,x').expect(400);
    expect(bad.body.error.code).toBe('invalid_query');
    expect(bad.body.error.details[0].path).toBe('township');
    const unknown = await official.get('/api/stats?township=999').expect(400);
    expect(unknown.body.error.details[0].message).toMatch(/999/);
    await official.get('/api/stats?foo=1').expect(400);
  });
});

describe('GET /api/stats/attention', () => {
  async function attention(query = ''): Promise<AttentionList> {
    return (await official.get(`/api/stats/attention${query}`).expect(200)).body as AttentionList;
  }

  it('lists each kind as SQL counts it, soonest dated items first, capped with a total', async () => {
    const a = await attention('?limit=500');
    expect(a.counts.term_ending).toBe(
      await sqlCount(
        `SELECT count(*) FROM secretaries WHERE role = '第一书记' AND status = '在岗' AND deleted_at IS NULL
           AND term_end <= date(?, '+90 day')`,
        [TODAY],
      ),
    );
    expect(a.counts.contract_ending).toBe(
      await sqlCount(`SELECT count(*) FROM assets WHERE deleted_at IS NULL AND contract_end <= date(?, '+90 day')`, [
        TODAY,
      ]),
    );
    expect(a.counts.vacant_target).toBe(
      await sqlCount(`SELECT count(*) FROM villages v WHERE v.deleted_at IS NULL AND ${TARGET} AND NOT ${POSTED}`),
    );
    const s = await stats();
    expect(a.counts.uncovered).toBe(s.coverage.villages - s.coverage.covered_villages);
    expect(a.total).toBe(Object.values(a.counts).reduce((x, y) => x + y, 0));
    expect(a.items.length).toBe(a.total);

    const dates = a.items.filter((i) => i.date).map((i) => i.date!);
    expect(dates).toEqual([...dates].sort());
    const firstUndated = a.items.findIndex((i) => !i.date);
    expect(a.items.slice(firstUndated).every((i) => !i.date)).toBe(true);
    const term = a.items.find((i) => i.kind === 'term_ending')!;
    expect(term.layer).toBe('secretaries');
    expect(term.days_left).toBe(Math.round((Date.parse(term.date!) - Date.parse(TODAY)) / 86_400_000));

    const capped = await attention('?limit=3');
    expect(capped.items).toEqual(a.items.slice(0, 3));
    expect(capped.total).toBe(a.total);
  });

  it('narrows to townships and to fewer days', async () => {
    const one = await attention('?township=1&limit=500');
    const villageTownships = new Map(
      ((await t.db.knex('villages').select('id', 'township_id')) as { id: number; township_id: number }[]).map((r) => [
        r.id,
        r.township_id,
      ]),
    );
    expect(one.items.every((i) => villageTownships.get(i.village_id) === 1)).toBe(true);
    const soon = await attention('?days=20&limit=500');
    expect(soon.items.filter((i) => i.date).every((i) => i.days_left! <= 20)).toBe(true);
    expect(soon.counts.term_ending).toBeLessThan((await attention('?limit=500')).counts.term_ending);
    const bad = await official.get('/api/stats/attention?days=0').expect(400);
    expect(bad.body.error.details[0].path).toBe('days');
  });
});

describe('a township scope', () => {
  it("reads only its townships' rows, yet answers as the whole county's input narrowed to them", async () => {
    const svc = t.services.stats;
    const whole = await svc.input([]);
    const townships = (await t.db.knex('townships').select('id').orderBy('id')) as { id: number }[];
    const scopes = [...townships.map((x) => [x.id]), townships.slice(0, 2).map((x) => x.id)];
    expect(scopes.length).toBeGreaterThan(2);
    for (const ids of scopes) {
      const scoped = await svc.input(ids);
      const stations = await t.db.knex('stations').whereIn('township_id', ids).whereNull('deleted_at').select('id');
      const narrowed = { ...whole, township_ids: ids, station_count: stations.length };
      expect(dashboardStats(scoped)).toEqual(dashboardStats(narrowed));
      expect(attentionList(scoped, 90, 500)).toEqual(attentionList(narrowed, 90, 500));
      // Only its villages were read (and what hangs on them).
      expect(scoped.villages.every((v) => ids.includes(v.township_id))).toBe(true);
      const mine = new Set(scoped.villages.map((v) => v.id));
      expect(scoped.assets.every((a) => mine.has(a.village_id))).toBe(true);
      expect(scoped.secretaries.every((x) => mine.has(x.village_id))).toBe(true);
      expect(scoped.villages.length).toBeLessThan(whole.villages.length);
    }
  });
});

describe('GET /api/stats.xlsx', () => {
  it('is a workbook with one sheet per table whose figures match the JSON', async () => {
    const res = await official
      .get('/api/stats.xlsx?township=1')
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '概况',
      '收入分档',
      '收入分档趋势',
      '第一书记',
      '党群服务覆盖',
      '村集体资产',
      '联建',
      '产业链',
      '待办事项',
    ]);
    const s = await stats('?township=1');
    const bands = wb.getWorksheet('收入分档')!;
    expect(bands.getRow(1).values).toEqual([undefined, '收入分档', '村数']);
    const weak = s.income.current.find((b) => b.band === '薄弱村')!;
    expect(bands.getRow(3).values).toEqual([undefined, '薄弱村', weak.count]);
    expect(wb.getWorksheet('概况')!.getRow(2).values).toEqual([undefined, '范围', '柳河镇']);
    const assets = wb.getWorksheet('村集体资产')!;
    expect(assets.getRow(assets.rowCount).getCell(3).value).toBe(s.assets.count);
    const todo = wb.getWorksheet('待办事项')!;
    const a = (await official.get('/api/stats/attention?township=1&limit=500').expect(200)).body as AttentionList;
    expect(todo.rowCount - 1).toBe(a.total);
  });
});

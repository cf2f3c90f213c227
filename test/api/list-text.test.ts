import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER_NAMES, type LayerName } from '../../common/schemas/layers.ts';
import type { SessionUser } from '../../server/auth/policy.ts';
import { listQuerySchema, parseQuery } from '../../server/http/query.ts';
import { toListFilter } from '../../server/routes/layers.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

// Lists are written as text the database builds where they can be (server/services/feature-text.ts)
// and as objects otherwise. Both must say the same thing for any list.
let t: TestApp;
let users: SessionUser[];

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  const rows = (await t.db.knex('users').select('id', 'username', 'role')) as {
    id: number;
    username: string;
    role: SessionUser['role'];
  }[];
  const base = { display_name: null, township_ids: [], village_id: null, secretary_id: null };
  users = rows.filter((u) => u.username === 'admin').map((u) => ({ ...base, ...u }));
  expect(users).toHaveLength(1);
});
afterAll(() => t.close());

/** Both forms of one list, as plain JSON. */
async function both(layer: LayerName, query: Record<string, string>) {
  const q = parseQuery(listQuerySchema, query);
  const args = [users[0]!, layer, toListFilter(q), { geom: q.geom, params: query, properties: q.properties }] as const;
  const text = await t.services.layers.listText(...args);
  const objects = JSON.parse(JSON.stringify(await t.services.layers.list(...args)));
  return { text: text === null ? null : JSON.parse(text.toString()), objects };
}

describe('a list written as text equals the list built as objects', () => {
  it('is text for layers whose derived properties can be computed from columns', async () => {
    const texts = [];
    for (const layer of LAYER_NAMES) if ((await both(layer, {})).text) texts.push(layer);
    expect(texts).toEqual(['townships', 'villages', 'assets', 'assessments', 'stations', 'chain-nodes']);
  });

  it('for every sample record of every layer, with filters, paging and geometries', async () => {
    const [v] = (await t.db.knex('villages').select('minx', 'miny', 'maxx', 'maxy', 'township_id').limit(1)) as {
      minx: number;
      miny: number;
      maxx: number;
      maxy: number;
      township_id: number;
    }[];
    const around = [v!.minx - 0.05, v!.miny - 0.05, v!.maxx + 0.05, v!.maxy + 0.05].join(',');
    const queries: Record<string, string>[] = [
      {},
      { bbox: around },
      { township: String(v!.township_id) },
      { q: '村' },
      { limit: '3' },
      { limit: '3', offset: '2' },
      { limit: '2', offset: '10000' },
      { geom: 'boundary' },
      { bbox: around, geom: 'boundary', limit: '1' },
    ];
    let compared = 0;
    for (const layer of LAYER_NAMES)
      for (const query of queries) {
        const { text, objects } = await both(layer, query);
        if (!text) continue;
        expect(text, `${layer} ${JSON.stringify(query)}`).toEqual(objects);
        const ids = text.features.map((f: { id: number }) => f.id);
        expect(ids, 'in id order').toEqual([...ids].sort((a, b) => a - b));
        compared += text.features.length;
      }
    expect(compared).toBeGreaterThan(500);
    // A bbox list cut short by its limit counts the rest (alongside the list: feature-repository.ts).
    const all = (await both('villages', { bbox: around })).objects;
    expect(all.features.length).toBeGreaterThan(1);
    for (const form of Object.values(await both('villages', { bbox: around, limit: '1' })))
      expect(form).toMatchObject({ total: all.features.length, features: [all.features[0]] });
  });

  it('for awkward values: 17-digit doubles, quotes, newlines, emoji, nulls, JSON columns, no boundary, marks', async () => {
    const village = (await t.db.knex('villages').select('id').orderBy('id').first()) as { id: number };
    await t.db
      .knex('villages')
      .where({ id: village.id })
      .update({
        operating_income: 123456789.12345679,
        notes: '引号 "quoted" \\ back\nnew line 😀 \u2028 \t',
        // Texts shaped like the marks around a double the database writes (feature-repository.ts).
        name: '\u00031.5\u0003',
        honours: JSON.stringify(['全国文明村', '"引号"', '\u00032\u0003', '"operating_income":"\u00033\u0003"']),
        flags: JSON.stringify(['脱贫村']),
        boundary: null,
      });
    const asset = (await t.db.knex('assets').select('id').orderBy('id').first()) as { id: number };
    await t.db
      .knex('assets')
      .where({ id: asset.id })
      .update({ area_mu: 0.1 + 0.2, book_value: 1e-7 / 3, lessee: null });
    for (const [layer, id] of [
      ['villages', village.id],
      ['assets', asset.id],
    ] as const) {
      const { text, objects } = await both(layer, {});
      expect(text).toEqual(objects);
      const f = text.features.find((x: { id: number }) => x.id === id);
      if (layer === 'villages')
        expect(f.properties).toMatchObject({
          operating_income: 123456789.12345679,
          has_boundary: false,
          name: '\u00031.5\u0003',
        });
      else expect(f.properties).toMatchObject({ area_mu: 0.30000000000000004, book_value: 1e-7 / 3, lessee: null });
    }
  });

  it('for doubles of every kind: shortest forms, tiny, huge, negative zero, random bit patterns', async () => {
    const ids = ((await t.db.knex('villages').select('id').orderBy('id').limit(40)) as { id: number }[]).map(
      (r) => r.id,
    );
    const bits = new DataView(new ArrayBuffer(8));
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const values = [0.1 + 0.2, 1e21, 1.5e-7, -0, 5e-324, 1.7976931348623157e308, 100, -2.5, 123456.78, 2 ** 53 + 2];
    while (values.length < ids.length) {
      bits.setUint32(0, next());
      bits.setUint32(4, next());
      const x = bits.getFloat64(0);
      if (Number.isFinite(x)) values.push(x);
    }
    for (const [i, id] of ids.entries())
      await t.db.knex('villages').where({ id }).update({ operating_income: values[i] });
    const { text, objects } = await both('villages', { limit: String(ids.length) });
    expect(text).toEqual(objects);
    const income = new Map(
      text.features.map((f: { id: number; properties: { operating_income: number } }) => [
        f.id,
        f.properties.operating_income,
      ]),
    );
    ids.forEach((id, i) => expect(Object.is(income.get(id), values[i] === 0 ? 0 : values[i])).toBe(true));
  });

  it('with only some properties, on both paths, as the whole records have them', async () => {
    const cases: [LayerName, string][] = [
      ['villages', 'name,income_band,secretary_state,flags,township_id,version'],
      ['villages', 'operating_income,township_name'],
      ['villages', 'code'],
      ['stations', 'name,effective_radius_m'],
      ['assets', 'area_mu,name'],
      ['secretaries', 'name'],
    ];
    for (const [layer, properties] of cases) {
      const only = properties.split(',');
      const whole = (await both(layer, {})).objects;
      const { text, objects } = await both(layer, { properties });
      expect(objects.features.length).toBe(whole.features.length);
      objects.features.forEach((f: { id: number; properties: Record<string, unknown> }, i: number) => {
        expect(f.id).toBe(whole.features[i].id);
        expect(Object.keys(f.properties).sort()).toEqual([...only].sort());
        for (const k of only) expect(f.properties[k], `${layer} ${k}`).toEqual(whole.features[i].properties[k]);
      });
      if (text) expect(text, `${layer} ${properties}`).toEqual(objects);
    }
    // The villages' selection is written by the database.
    expect((await both('villages', { properties: 'name' })).text).not.toBeNull();
  });

  it('answers 400 naming properties a layer does not have', async () => {
    const admin = await signedIn(t.app, 'admin');
    const bad = await admin.get('/api/villages?properties=name,nope,lng').expect(400);
    expect(bad.body.error.code).toBe('invalid_query');
    expect(bad.body.error.message).toContain('nope, lng');
    await admin.get('/api/villages?properties=name;drop').expect(400);
    await admin.get('/api/villages?properties=').expect(400);
    const ok = await admin.get('/api/villages?properties=name&limit=2').expect(200);
    expect(ok.body.features.map((f: { properties: object }) => Object.keys(f.properties))).toEqual([
      ['name'],
      ['name'],
    ]);
  });

  it("covers every first-secretary state in the sample's villages", async () => {
    const { text } = await both('villages', {});
    const states = new Set(
      text.features.map((f: { properties: { secretary_state: string } }) => f.properties.secretary_state),
    );
    expect([...states].sort()).toEqual(['ending', 'none', 'posted', 'vacant'].filter((s) => states.has(s)));
    expect(states.size).toBeGreaterThanOrEqual(3);
  });

  it('for first secretaries of every kind: open-ended, several terms, ending on the very last day, not in post', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const day = (n: number) => new Date(Date.parse(today) + n * 86_400_000).toISOString().slice(0, 10);
    const villages = ((await t.db.knex('villages').select('id').orderBy('id').limit(7)) as { id: number }[]).map(
      (r) => r.id,
    );
    const now = new Date().toISOString();
    const secretary = (village_id: number, term_end: string | null, status = '在岗', name = `书记${village_id}`) => ({
      village_id,
      name,
      role: '第一书记',
      status,
      term_end,
      created_at: now,
      updated_at: now,
    });
    await t.db.knex('secretaries').whereIn('village_id', villages).update({ deleted_at: now });
    await t.db
      .knex('villages')
      .whereIn('id', villages)
      .update({ flags: JSON.stringify(['脱贫村']) });
    await t.db.knex('secretaries').insert([
      secretary(villages[0]!, null, '在岗', '甲'),
      secretary(villages[0]!, day(10), '在岗', '乙'), // an open-ended term wins: posted
      secretary(villages[1]!, day(30), '在岗', '丙'),
      secretary(villages[1]!, day(60), '在岗', '丁'), // the longest ends within 90 days: ending
      secretary(villages[2]!, day(90)), // the last day that counts as ending
      secretary(villages[3]!, day(91)), // the day after: posted
      secretary(villages[4]!, day(200), '离任'), // not in post: a target village is vacant
      secretary(villages[5]!, day(-5)), // ended already: ending
    ]);
    await t.db.knex('villages').where({ id: villages[6]! }).update({ flags: '[]' }); // no secretary, no target: none
    const { text, objects } = await both('villages', { village: villages.join(',') });
    expect(text).toEqual(objects);
    const state = new Map(
      text.features.map((f: { id: number; properties: Record<string, unknown> }) => [
        f.id,
        [f.properties.secretary_state, f.properties.secretary_name],
      ]),
    );
    expect(villages.map((id) => state.get(id))).toEqual([
      ['posted', '甲'],
      ['ending', '丁'],
      ['ending', `书记${villages[2]}`],
      ['posted', `书记${villages[3]}`],
      ['vacant', null],
      ['ending', `书记${villages[5]}`],
      ['none', null],
    ]);
    const only = await both('villages', { village: villages.join(','), properties: 'secretary_state' });
    expect(only.text).toEqual(only.objects);
  });
});

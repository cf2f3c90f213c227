import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGET_VILLAGE_FLAGS } from '../../common/enums.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

// Villages carry their first-secretary state; checked here against a plain SQL reading of the
// same rule, at a fixed date, over the whole sample county.
describe('villages: secretary_state', () => {
  let t: TestApp;
  const today = '2026-11-28';
  beforeAll(async () => {
    t = await makeTestApp({ sample: true, clock: { now: () => new Date(`${today}T08:00:00Z`) } });
  });
  afterAll(() => t.close());

  it('matches the rule for every sample village, and changes when a term is cut short', async () => {
    const agent = await signedIn(t.app, 'admin');
    const res = await agent.get('/api/villages?limit=10000').expect(200);
    const secs = (await t.db
      .knex('secretaries')
      .select('village_id', 'name', 'term_end')
      .where({ role: '第一书记', status: '在岗' })
      .whereNull('deleted_at')) as { village_id: number; name: string; term_end: string | null }[];
    const counts = { posted: 0, ending: 0, vacant: 0, none: 0 };
    for (const f of res.body.features) {
      const p = f.properties;
      const mine = secs.filter((s) => s.village_id === f.id);
      let expected: keyof typeof counts;
      if (!mine.length) expected = p.flags.some((x: string) => TARGET_VILLAGE_FLAGS.includes(x)) ? 'vacant' : 'none';
      else {
        const ends = mine.map((s) => s.term_end ?? '9999-12-31').sort();
        expected = ends.at(-1)! <= '2027-02-26' ? 'ending' : 'posted';
        expect(mine.map((s) => s.name)).toContain(p.secretary_name);
      }
      expect(p.secretary_state, `village ${f.id}`).toBe(expected);
      counts[expected]++;
    }
    // The sample county has villages in more than one state (otherwise this test proves little).
    expect(Object.values(counts).filter((n) => n > 0).length).toBeGreaterThan(1);

    const posted = res.body.features.find((f: { properties: { secretary_state: string } }) =>
      ['posted', 'ending'].includes(f.properties.secretary_state),
    );
    const sec = secs.find((s) => s.village_id === posted.id)!;
    const one = await agent.get(`/api/secretaries?village=${posted.id}&role=第一书记&status=在岗`).expect(200);
    for (const s of one.body.features) {
      const cur = await agent.get(`/api/secretaries/${s.id}`).expect(200);
      await agent
        .patch(`/api/secretaries/${s.id}`)
        .set('If-Match', String(cur.headers.etag))
        .send({ properties: { term_end: '2026-12-31' } })
        .expect(200);
    }
    const after = await agent.get(`/api/villages/${posted.id}`).expect(200);
    expect(after.body.properties.secretary_state).toBe('ending');
    expect(after.body.properties.secretary_term_end).toBe('2026-12-31');
    expect(sec.name).toBeTruthy();
  });
});

import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let admin: request.Agent;
beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  admin = await signedIn(t.app, 'admin');
});
afterAll(() => t.close());

describe('/api/users', () => {
  it('is for admins only', async () => {
    for (const role of ['official', 'planner', 'secretary']) {
      const agent = await signedIn(t.app, role);
      await agent.get('/api/users').expect(403);
      await agent.post('/api/users').send({ username: 'x1', password: 'password1', role: 'planner' }).expect(403);
    }
  });

  it('lists users without password hashes', async () => {
    const res = await admin.get('/api/users').expect(200);
    expect(res.body.users.map((u: { username: string }) => u.username)).toEqual([
      'admin',
      'official',
      'planner',
      'secretary',
    ]);
    expect(JSON.stringify(res.body)).not.toContain('scrypt');
  });

  it('creates an official scoped to townships and a secretary scoped to a village', async () => {
    const v = (await admin.get('/api/villages?q=羊草沟').expect(200)).body.features[0];
    const o = await admin
      .post('/api/users')
      .send({ username: 'zhang', password: 'password-1', role: 'official', township_ids: [v.properties.township_id] })
      .expect(201);
    expect(o.body).toMatchObject({
      role: 'official',
      township_ids: [v.properties.township_id],
      village_id: null,
      must_change_password: true,
    });
    const s = await admin
      .post('/api/users')
      .send({ username: 'wang', password: 'password-2', role: 'secretary', village_id: v.id })
      .expect(201);
    expect(s.body.village_id).toBe(v.id);
    const wang = await signedIn(t.app, 'wang', 'password-2');
    // The new secretary may edit their village, and only it.
    await wang
      .patch(`/api/villages/${v.id}`)
      .set('If-Match', `"${v.properties.version}"`)
      .send({ properties: { notes: '王书记' } })
      .expect(200);
  });

  it.each([
    [{ username: 'a', password: 'password-1', role: 'planner' }, 'username'],
    [{ username: 'abc', password: 'short', role: 'planner' }, 'password'],
    [{ username: 'abc', password: 'password-1', role: 'king' }, 'role'],
    [{ username: 'abc', password: 'password-1', role: 'official' }, 'township_ids'],
    [{ username: 'abc', password: 'password-1', role: 'official', township_ids: [999] }, 'township_ids.0'],
    [{ username: 'abc', password: 'password-1', role: 'secretary' }, 'village_id'],
    [{ username: 'abc', password: 'password-1', role: 'planner', is_admin: true }, 'is_admin'],
  ])('rejects %j naming %s', async (body, path) => {
    const res = await admin.post('/api/users').send(body).expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('refuses a taken username with 409', async () => {
    const res = await admin
      .post('/api/users')
      .send({ username: 'planner', password: 'password-1', role: 'planner' })
      .expect(409);
    expect(res.body.error.code).toBe('username_taken');
  });

  it('changes role and scope with If-Match, ending the user’s sessions', async () => {
    const u = (
      await admin.post('/api/users').send({ username: 'li', password: 'password-3', role: 'planner' }).expect(201)
    ).body;
    const li = await signedIn(t.app, 'li', 'password-3');
    await admin
      .patch(`/api/users/${u.id}`)
      .send({ role: 'official', township_ids: [1] })
      .expect(428);
    const res = await admin
      .patch(`/api/users/${u.id}`)
      .set('If-Match', `"${u.version}"`)
      .send({ role: 'official', township_ids: [1] })
      .expect(200);
    expect(res.body).toMatchObject({ role: 'official', township_ids: [1], version: u.version + 1 });
    await li.get('/api/session').expect(401);
    await admin.patch(`/api/users/${u.id}`).set('If-Match', `"${u.version}"`).send({ display_name: '李' }).expect(412);
  });

  it('resets a password: the old one stops working, the new one works', async () => {
    const u = (
      await admin.post('/api/users').send({ username: 'zhao', password: 'old-password', role: 'planner' }).expect(201)
    ).body;
    await admin.post(`/api/users/${u.id}/password`).send({ password: 'new-password' }).expect(200);
    await request(t.app).post('/api/session').send({ username: 'zhao', password: 'old-password' }).expect(401);
    await signedIn(t.app, 'zhao', 'new-password');
  });

  it('will not let an admin disable themselves', async () => {
    const me = (await admin.get('/api/session').expect(200)).body.user;
    const u = (await admin.get(`/api/users/${me.id}`).expect(200)).body;
    await admin.patch(`/api/users/${me.id}`).set('If-Match', `"${u.version}"`).send({ disabled: true }).expect(400);
  });
});

describe('/api/settings', () => {
  it('are read by everyone and written by admins with If-Match', async () => {
    const planner = await signedIn(t.app, 'planner');
    const view = (await planner.get('/api/settings').expect(200)).body;
    expect(view.settings.income_thresholds).toEqual({ shell: 5, weak: 10, strong: 50 });
    expect(view.settings.default_service_radius_m).toBe(1200);
    await planner
      .patch('/api/settings')
      .set('If-Match', `"${view.version}"`)
      .send({ default_service_radius_m: 1500 })
      .expect(403);
    await admin.patch('/api/settings').send({ default_service_radius_m: 1500 }).expect(428);
    const bad = await admin
      .patch('/api/settings')
      .set('If-Match', `"${view.version}"`)
      .send({ income_thresholds: { shell: 20, weak: 10, strong: 50 } })
      .expect(400);
    expect(bad.body.error.details[0].path).toBe('income_thresholds');
    const ok = await admin
      .patch('/api/settings')
      .set('If-Match', `"${view.version}"`)
      .send({ income_thresholds: { shell: 3, weak: 10, strong: 40 } })
      .expect(200);
    expect(ok.body.settings.income_thresholds).toEqual({ shell: 3, weak: 10, strong: 40 });
    await admin
      .patch('/api/settings')
      .set('If-Match', `"${view.version}"`)
      .send({ default_service_radius_m: 900 })
      .expect(412);
  });

  it('decide the income bands the API derives', async () => {
    const view = (await admin.get('/api/settings').expect(200)).body;
    await admin
      .patch('/api/settings')
      .set('If-Match', `"${view.version}"`)
      .send({ income_thresholds: { shell: 1000, weak: 2000, strong: 3000 } })
      .expect(200);
    const bands = new Set(
      (
        (await admin.get('/api/villages?limit=10000').expect(200)).body.features as {
          properties: { income_band: string };
        }[]
      ).map((f) => f.properties.income_band),
    );
    expect([...bands]).toEqual(['空壳村']);
  });
});

describe('/api/audit', () => {
  it('records logins, failed logins and denials for admins to read', async () => {
    await request(t.app).post('/api/session').send({ username: 'planner', password: 'wrong-wrong' }).expect(401);
    const planner = await signedIn(t.app, 'planner');
    await planner.post('/api/villages').send({}).expect(403);
    await planner.delete('/api/townships/1').set('If-Match', '"1"').expect(403);
    const entries = (await admin.get('/api/audit?limit=50').expect(200)).body.entries as {
      action: string;
      username: string;
    }[];
    const actions = entries.filter((e) => e.username === 'planner').map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['login', 'login_failed', 'denied']));
    await planner.get('/api/audit').expect(403);
  });
});

describe('editing users without needless sign-outs', () => {
  it('keeps sessions on a rename, ends them on a role change, and audits only real changes', async () => {
    const u = (
      await admin.post('/api/users').send({ username: 'qian', password: 'password-9', role: 'planner' }).expect(201)
    ).body;
    const qian = await signedIn(t.app, 'qian', 'password-9');
    const renamed = await admin
      .patch(`/api/users/${u.id}`)
      .set('If-Match', `"${u.version}"`)
      .send({ display_name: '钱', role: 'planner' })
      .expect(200);
    const entries = (await admin.get('/api/audit?limit=5').expect(200)).body.entries;
    await qian.get('/api/session').expect(200);
    expect(entries.find((e: { action: string }) => e.action === 'user_update').details.changes).toEqual([
      'display_name',
    ]);
    await admin
      .patch(`/api/users/${u.id}`)
      .set('If-Match', `"${renamed.body.version}"`)
      .send({ role: 'official', township_ids: [1] })
      .expect(200);
    await qian.get('/api/session').expect(401);
  });

  it('tells the client when a password must be changed', async () => {
    await admin.post('/api/users').send({ username: 'sun', password: 'password-8', role: 'planner' }).expect(201);
    const sun = await signedIn(t.app, 'sun', 'password-8');
    expect((await sun.get('/api/session').expect(200)).body.user.must_change_password).toBe(true);
  });
});

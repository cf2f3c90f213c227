import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../server/auth/session-service.ts';
import { makeTestApp, signedIn, DEMO_PASSWORD, type TestApp } from '../helpers/app.ts';

/** A clock the tests can move. */
const clock = { t: Date.parse('2026-11-27T08:00:00Z'), now: () => new Date(clock.t) };

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ sample: true, clock });
});
afterAll(() => t.close());

const cookieOf = (res: request.Response) => String(res.headers['set-cookie']?.[0] ?? '');

describe('POST /api/session', () => {
  it('signs in with an httpOnly SameSite cookie and tells who I am', async () => {
    const agent = request.agent(t.app);
    const res = await agent.post('/api/session').send({ username: 'official', password: DEMO_PASSWORD }).expect(201);
    expect(cookieOf(res)).toMatch(/^xiangtu_session=[\w-]{40,};.*HttpOnly/);
    expect(cookieOf(res)).toMatch(/SameSite=Lax/);
    expect(res.body.user).toMatchObject({ username: 'official', role: 'official' });
    expect(res.body.user).not.toHaveProperty('password_hash');
    const me = await agent.get('/api/session').expect(200);
    expect(me.body.user.township_ids.length).toBe(1);
  });

  it('stores neither the password nor the session token in clear', async () => {
    const agent = request.agent(t.app);
    const res = await agent.post('/api/session').send({ username: 'planner', password: DEMO_PASSWORD }).expect(201);
    const token = /xiangtu_session=([^;]+)/.exec(cookieOf(res))![1]!;
    const users = await t.db.knex('users').select('password_hash');
    for (const u of users) expect(u.password_hash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(users)).not.toContain(DEMO_PASSWORD);
    expect(await t.db.knex('sessions').where({ id_hash: token }).first()).toBeUndefined();
    expect(
      await t.db
        .knex('sessions')
        .where({ id_hash: hashToken(token) })
        .first(),
    ).toBeDefined();
  });

  it('refuses a wrong password and an unknown user alike with 401', async () => {
    const r1 = await request(t.app)
      .post('/api/session')
      .send({ username: 'planner', password: 'wrong-password' })
      .expect(401);
    const r2 = await request(t.app)
      .post('/api/session')
      .send({ username: 'nobody', password: 'wrong-password' })
      .expect(401);
    expect(r1.body.error).toEqual(r2.body.error);
    expect(r1.body.error.code).toBe('invalid_credentials');
  });

  it('answers a malformed body with 400', async () => {
    const res = await request(t.app).post('/api/session').send({ username: 'x' }).expect(400);
    expect(res.body.error.details[0].path).toBe('password');
  });

  it('issues a fresh session id at login, invalidating one planted before', async () => {
    const agent = request.agent(t.app);
    const first = cookieOf(
      await agent.post('/api/session').send({ username: 'planner', password: DEMO_PASSWORD }).expect(201),
    );
    const firstToken = /xiangtu_session=([^;]+)/.exec(first)![1]!;
    const second = cookieOf(
      await agent.post('/api/session').send({ username: 'planner', password: DEMO_PASSWORD }).expect(201),
    );
    expect(second).not.toContain(firstToken);
    await request(t.app).get('/api/session').set('Cookie', `xiangtu_session=${firstToken}`).expect(401);
    await agent.get('/api/session').expect(200);
  });

  it('locks an account after 5 wrong passwords, even for the right one, until the lock ends', async () => {
    await (
      await signedIn(t.app, 'admin')
    )
      .post('/api/users')
      .send({ username: 'lockme', password: 'correct-horse', role: 'planner' })
      .expect(201);
    for (let i = 0; i < 5; i++)
      await request(t.app)
        .post('/api/session')
        .send({ username: 'lockme', password: `bad-${i}-xx` })
        .expect(401);
    const locked = await request(t.app)
      .post('/api/session')
      .send({ username: 'lockme', password: 'correct-horse' })
      .expect(429);
    expect(locked.body.error.code).toBe('account_locked');
    expect(locked.body.error.message).toMatch(/15 more minute/);
    clock.t += 16 * 60_000;
    await request(t.app).post('/api/session').send({ username: 'lockme', password: 'correct-horse' }).expect(201);
  });

  it('limits failed logins per address', async () => {
    clock.t += 60 * 60_000;
    let last = 0;
    for (let i = 0; i < 21; i++)
      last = (
        await request(t.app)
          .post('/api/session')
          .send({ username: `ghost${i}`, password: 'nope-nope' })
      ).status;
    expect(last).toBe(429);
    const res = await request(t.app)
      .post('/api/session')
      .send({ username: 'planner', password: DEMO_PASSWORD })
      .expect(429);
    expect(res.body.error.code).toBe('too_many_attempts');
    clock.t += 16 * 60_000;
  });

  it('refuses a disabled user with 403 and ends their sessions', async () => {
    const admin = await signedIn(t.app, 'admin');
    const created = (
      await admin.post('/api/users').send({ username: 'temp', password: 'temp-password', role: 'planner' }).expect(201)
    ).body;
    const temp = await signedIn(t.app, 'temp', 'temp-password');
    await admin
      .patch(`/api/users/${created.id}`)
      .set('If-Match', `"${created.version}"`)
      .send({ disabled: true })
      .expect(200);
    await temp.get('/api/villages?limit=1').expect(401);
    const res = await request(t.app)
      .post('/api/session')
      .send({ username: 'temp', password: 'temp-password' })
      .expect(403);
    expect(res.body.error.code).toBe('account_disabled');
  });
});

describe('a session', () => {
  it('is refused once its user is disabled or deleted, even while the session row remains', async () => {
    const admin = await signedIn(t.app, 'admin');
    for (const column of ['disabled_at', 'deleted_at'] as const) {
      const username = `gone-${column.slice(0, 3)}`;
      const { id } = (
        await admin.post('/api/users').send({ username, password: 'temp-password', role: 'planner' }).expect(201)
      ).body as { id: number };
      const agent = await signedIn(t.app, username, 'temp-password');
      expect((await agent.get('/api/session').expect(200)).body.user.username).toBe(username);
      await t.db
        .knex('users')
        .where({ id })
        .update({ [column]: '2026-11-27T00:00:00.000Z' });
      expect(await t.db.knex('sessions').where({ user_id: id }).select('user_id')).toEqual([{ user_id: id }]);
      await agent.get('/api/session').expect(401);
      await agent.get('/api/villages?limit=1').expect(401);
    }
  });

  it('ends at logout', async () => {
    const agent = await signedIn(t.app, 'planner');
    await agent.delete('/api/session').expect(204);
    await agent.get('/api/session').expect(401);
    await agent.get('/api/villages').expect(401);
  });

  it('expires after the idle time, and slides while used', async () => {
    const agent = await signedIn(t.app, 'planner');
    clock.t += 11 * 3_600_000;
    await agent.get('/api/session').expect(200); // used: expiry moves on
    clock.t += 11 * 3_600_000;
    await agent.get('/api/session').expect(200);
    clock.t += 12 * 3_600_000 + 1000;
    const res = await agent.get('/api/villages?limit=1').expect(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });

  it('refuses a cross-site write (Origin of another host) with 403', async () => {
    const agent = await signedIn(t.app, 'admin');
    const res = await agent
      .post('/api/chains')
      .set('Origin', 'https://evil.example')
      .send({ properties: { name: 'x' } })
      .expect(403);
    expect(res.body.error.code).toBe('cross_origin');
  });
});

describe('changing one’s own password', () => {
  it('needs the current password', async () => {
    const admin = await signedIn(t.app, 'admin');
    await admin.post('/api/users').send({ username: 'pw', password: 'first-password', role: 'planner' }).expect(201);
    const me = await signedIn(t.app, 'pw', 'first-password');
    const bad = await me
      .post('/api/session/password')
      .send({ current: 'nope', password: 'second-password' })
      .expect(400);
    expect(bad.body.error.details[0].path).toBe('current');
    await me.post('/api/session/password').send({ current: 'first-password', password: 'second-password' }).expect(204);
    await signedIn(t.app, 'pw', 'second-password');
  });
});

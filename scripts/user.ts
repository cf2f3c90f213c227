/**
 * Account administration from the shell, for the first admin and for emergencies:
 *   npm run user -- add --username NAME --role admin [--password P] [--name 显示名]
 *                      [--townships 1,2 (officials)] [--village ID (secretaries)]
 *   npm run user -- passwd --username NAME [--password P]
 *   npm run user -- list
 * Without --password a strong one is generated and printed once.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createServices, systemClock } from '../server/app.ts';
import type { SessionUser } from '../server/auth/policy.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/connection.ts';
import { migrateLatest } from '../server/db/migrate.ts';
import { HttpError } from '../server/http/errors.ts';
import { UserRepository } from '../server/repositories/user-repository.ts';

const CLI: SessionUser = {
  id: 0,
  username: 'cli',
  display_name: null,
  role: 'admin',
  township_ids: [],
  village_id: null,
  secretary_id: null,
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    username: { type: 'string' },
    password: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    townships: { type: 'string' },
    village: { type: 'string' },
  },
});

const config = loadConfig();
const db = openDatabase(config);
await migrateLatest(db);
const services = createServices(db, config, systemClock);

async function main(): Promise<void> {
  const command = positionals[0];
  if (command === 'list') {
    for (const u of await services.users.list())
      console.log(`${u.id}\t${u.username}\t${u.role}\t${u.disabled ? 'disabled' : 'active'}\t${u.display_name ?? ''}`);
    return;
  }
  if (!values.username) throw new Error('--username is required');
  const password = values.password ?? randomBytes(12).toString('base64url');
  if (command === 'add') {
    const u = await services.users.create(CLI, {
      username: values.username,
      password,
      role: values.role ?? 'admin',
      display_name: values.name ?? null,
      township_ids: values.townships ? values.townships.split(',').map(Number) : undefined,
      village_id: values.village ? Number(values.village) : undefined,
    });
    console.log(`created ${u.role} "${u.username}" (id ${u.id})`);
  } else if (command === 'passwd') {
    const u = await new UserRepository(db).byUsername(values.username);
    if (!u) throw new Error(`no user "${values.username}"`);
    await services.users.resetPassword(CLI, u.id, { password });
    console.log(`password of "${u.username}" reset`);
  } else {
    throw new Error('usage: npm run user -- add|passwd|list [--username NAME] [--role ROLE] [--password P]');
  }
  if (!values.password) console.log(`password: ${password}   (shown once; the user should change it)`);
}

try {
  await main();
} catch (e) {
  if (e instanceof HttpError)
    console.error(
      `error: ${e.message}${e.details.length ? ': ' + e.details.map((d) => `${d.path} ${d.message}`).join('; ') : ''}`,
    );
  else console.error(`error: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.close();
}

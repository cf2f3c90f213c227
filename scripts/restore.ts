/**
 * `npm run restore -- <backup file>`: puts a backup in place of DB_FILE. Stop the server first
 * (it refuses while one runs). Checks the backup's integrity first; keeps the replaced file as
 * `<DB_FILE>.before-restore-<stamp>`. PostgreSQL: pg_restore (docs/reliability-operations.md).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { restoreSqlite } from '../server/db/backup.ts';

const { positionals } = parseArgs({ allowPositionals: true, options: {} });
const config = loadConfig();
if (config.DATABASE_URL) {
  console.error(
    'DATABASE_URL is set: this database is PostgreSQL. Restore a pg_dump with pg_restore, e.g.\n' +
      '  pg_restore --clean --if-exists --dbname="$DATABASE_URL" xiangtu-….dump\n' +
      '(docs/reliability-operations.md, "PostgreSQL").',
  );
  process.exit(2);
}
const file = positionals[0];
if (!file || positionals.length > 1) {
  console.error('usage: npm run restore -- <backup file>');
  process.exit(2);
}
try {
  const r = await restoreSqlite(file, config.DB_FILE);
  console.log(
    `restored ${file} to ${config.DB_FILE} (${(r.bytes / 1e6).toFixed(1)} MB, integrity ok, ${r.ms.toFixed(0)} ms)` +
      (r.aside ? `\nthe previous database is kept as ${r.aside}` : ''),
  );
} catch (e) {
  console.error(`restore refused: ${(e as Error).message}`);
  process.exit(1);
}

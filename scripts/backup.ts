/**
 * `npm run backup [-- --dir DIR]`: a consistent copy of the SQLite database, safe while the server
 * runs and writes, as `<DIR>/xiangtu-YYYYMMDD-HHMMSS.sqlite` (UTC). DIR defaults to BACKUP_DIR
 * (data/backups). PostgreSQL is backed up with pg_dump instead (docs/reliability-operations.md).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { backupSqlite } from '../server/db/backup.ts';

const { values } = parseArgs({ options: { dir: { type: 'string' } } });
const config = loadConfig();
if (config.DATABASE_URL) {
  console.error(
    'DATABASE_URL is set: this database is PostgreSQL, which npm run backup does not copy.\n' +
      'Use pg_dump, e.g.  pg_dump --format=custom --file=xiangtu-$(date -u +%Y%m%d-%H%M%S).dump "$DATABASE_URL"\n' +
      '(docs/reliability-operations.md, "PostgreSQL").',
  );
  process.exit(2);
}
try {
  const r = await backupSqlite(config.DB_FILE, values.dir ?? config.BACKUP_DIR);
  console.log(`backup: ${r.file} (${(r.bytes / 1e6).toFixed(1)} MB, integrity ok, ${r.ms.toFixed(0)} ms)`);
} catch (e) {
  console.error(`backup failed: ${(e as Error).message}`);
  process.exit(1);
}

import type { Database } from '../db/connection.ts';

/**
 * A spatial table's change counter (`change_stamps`, raised by triggers on every write by any
 * process): per-process caches of a table compare it to know they are stale.
 */
export async function changeStamp(db: Database, table: string): Promise<string> {
  const row = (await db.read('change_stamps').select('stamp').where({ table_name: table }).first()) as
    { stamp: number | string } | undefined;
  return String(row?.stamp ?? 0);
}

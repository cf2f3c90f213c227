import type { Database } from '../db/connection.ts';

export interface SettingRow {
  key: string;
  value: unknown;
  version: number;
  updated_at: string;
  updated_by: string | null;
}

export class SettingsRepository {
  constructor(private readonly db: Database) {}

  async all(): Promise<SettingRow[]> {
    const rows = (await this.db.read('settings').select()) as (Omit<SettingRow, 'value'> & { value: string })[];
    return rows.map((r) => ({ ...r, value: JSON.parse(r.value) as unknown }));
  }

  /** Upserts several keys in one transaction. */
  async put(values: Record<string, unknown>, at: string, by: string): Promise<void> {
    await this.db.knex.transaction(async (tx) => {
      for (const [key, value] of Object.entries(values)) {
        const existing = (await tx('settings').where({ key }).first()) as { version: number } | undefined;
        if (existing)
          await tx('settings')
            .where({ key })
            .update({ value: JSON.stringify(value), version: existing.version + 1, updated_at: at, updated_by: by });
        else
          await tx('settings').insert({
            key,
            value: JSON.stringify(value),
            version: 1,
            updated_at: at,
            updated_by: by,
          });
      }
    });
  }
}

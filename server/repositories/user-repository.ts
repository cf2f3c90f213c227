import type { Database } from '../db/connection.ts';

export interface UserRow {
  id: number;
  username: string;
  display_name: string | null;
  password_hash: string;
  role: string;
  township_ids: number[];
  village_id: number | null;
  secretary_id: number | null;
  disabled_at: string | null;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  must_change_password: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export const decodeUser = (r: Record<string, unknown>): UserRow =>
  ({
    ...r,
    township_ids: JSON.parse(String(r.township_ids ?? '[]')) as number[],
    must_change_password: Boolean(r.must_change_password),
  }) as UserRow;

export class UserRepository {
  constructor(private readonly db: Database) {}

  async byUsername(username: string): Promise<UserRow | null> {
    const r = (await this.db.knex('users').where({ username }).whereNull('deleted_at').first()) as
      Record<string, unknown> | undefined;
    return r ? decodeUser(r) : null;
  }

  async byId(id: number): Promise<UserRow | null> {
    const r = (await this.db.read('users').where({ id }).whereNull('deleted_at').first()) as
      Record<string, unknown> | undefined;
    return r ? decodeUser(r) : null;
  }

  async list(): Promise<UserRow[]> {
    const rows = (await this.db.knex('users').whereNull('deleted_at').orderBy('id')) as Record<string, unknown>[];
    return rows.map(decodeUser);
  }

  async insert(
    row: Omit<UserRow, 'id' | 'failed_logins' | 'locked_until' | 'last_login_at' | 'disabled_at'>,
  ): Promise<number> {
    const [id] = (await this.db
      .knex('users')
      .insert({ ...row, township_ids: JSON.stringify(row.township_ids) })
      .returning('id')) as (number | { id: number })[];
    return typeof id === 'object' ? Number(id.id) : Number(id);
  }

  /** Version-checked update; returns false when someone else changed the user first. */
  async update(id: number, version: number, patch: Partial<UserRow>): Promise<boolean> {
    const cols: Record<string, unknown> = { ...patch, version: version + 1 };
    if (patch.township_ids) cols.township_ids = JSON.stringify(patch.township_ids);
    const n = await this.db.knex('users').where({ id, version }).update(cols);
    return Number(n) === 1;
  }

  /** Login bookkeeping: not a user edit, so no version bump. */
  async recordLogin(
    id: number,
    patch: Pick<UserRow, 'failed_logins' | 'locked_until'> & Partial<Pick<UserRow, 'last_login_at'>>,
  ): Promise<void> {
    await this.db.knex('users').where({ id }).update(patch);
  }

  async usernameTaken(username: string): Promise<boolean> {
    return (await this.db.knex('users').where({ username }).first()) != null;
  }
}

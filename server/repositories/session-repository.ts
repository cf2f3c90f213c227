import type { Database } from '../db/connection.ts';

export interface SessionRow {
  id_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

/** Sessions in the database, so that several server processes share them. */
export class SessionRepository {
  constructor(private readonly db: Database) {}

  async insert(row: SessionRow & { ip: string | null; user_agent: string | null }): Promise<void> {
    await this.db.knex('sessions').insert(row);
  }

  async get(idHash: string): Promise<SessionRow | null> {
    return ((await this.db.read('sessions').where({ id_hash: idHash }).first()) as SessionRow | undefined) ?? null;
  }

  async touch(idHash: string, lastSeen: string, expiresAt: string): Promise<void> {
    await this.db.knex('sessions').where({ id_hash: idHash }).update({ last_seen_at: lastSeen, expires_at: expiresAt });
  }

  async delete(idHash: string): Promise<void> {
    await this.db.knex('sessions').where({ id_hash: idHash }).delete();
  }

  async deleteForUser(userId: number): Promise<void> {
    await this.db.knex('sessions').where({ user_id: userId }).delete();
  }

  async deleteExpired(now: string): Promise<number> {
    return Number(await this.db.knex('sessions').where('expires_at', '<', now).delete());
  }
}

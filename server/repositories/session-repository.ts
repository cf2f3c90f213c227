import type { Database } from '../db/connection.ts';
import { decodeUser, type UserRow } from './user-repository.ts';

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

  /**
   * A session and its live user in one read (every signed-in request asks): null for no such
   * session, `user` null when the user has been deleted.
   */
  async getWithUser(idHash: string): Promise<{ session: SessionRow; user: UserRow | null } | null> {
    const r = (await this.db
      .read('sessions as s')
      .leftJoin('users as u', (j) => j.on('u.id', 's.user_id').andOnNull('u.deleted_at'))
      .where('s.id_hash', idHash)
      .select(
        'u.*',
        's.id_hash AS s_id_hash',
        's.user_id AS s_user_id',
        's.created_at AS s_created_at',
        's.expires_at AS s_expires_at',
        's.last_seen_at AS s_last_seen_at',
      )
      .first()) as Record<string, unknown> | undefined;
    if (!r) return null;
    const session: SessionRow = {
      id_hash: r.s_id_hash as string,
      user_id: Number(r.s_user_id),
      created_at: r.s_created_at as string,
      expires_at: r.s_expires_at as string,
      last_seen_at: r.s_last_seen_at as string,
    };
    for (const k of ['s_id_hash', 's_user_id', 's_created_at', 's_expires_at', 's_last_seen_at']) delete r[k];
    return { session, user: r.id === null || r.id === undefined ? null : decodeUser(r) };
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

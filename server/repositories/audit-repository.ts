import type { Database } from '../db/connection.ts';

export interface AuditEntry {
  at: string;
  user_id: number | null;
  username: string | null;
  action: string;
  ip: string | null;
  details: Record<string, unknown> | null;
}

/** Logins, denials, imports and exports, for admins to read. */
export class AuditRepository {
  constructor(private readonly db: Database) {}

  async append(e: AuditEntry): Promise<void> {
    await this.db.knex('audit_log').insert({ ...e, details: e.details ? JSON.stringify(e.details) : null });
  }

  async countSince(action: string, since: string, where: { ip?: string; username?: string }): Promise<number> {
    const row = (await this.db
      .knex('audit_log')
      .where({ action, ...where })
      .andWhere('at', '>=', since)
      .count({ n: '*' })
      .first()) as { n?: number } | undefined;
    return Number(row?.n ?? 0);
  }

  async list(limit: number, offset: number): Promise<(AuditEntry & { id: number })[]> {
    const rows = (await this.db.knex('audit_log').orderBy('id', 'desc').limit(limit).offset(offset)) as Record<
      string,
      unknown
    >[];
    return rows.map(
      (r) =>
        ({
          ...r,
          details: r.details ? (JSON.parse(String(r.details)) as Record<string, unknown>) : null,
        }) as AuditEntry & { id: number },
    );
  }
}

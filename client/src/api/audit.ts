import { ApiError, getJson, withQuery } from './http.ts';

/** What the audit log records. */
export type AuditAction =
  'login' | 'login_failed' | 'logout' | 'denied' | 'user_create' | 'user_update' | 'password_reset';

export interface AuditEntry {
  id: number;
  at: string;
  user_id: number | null;
  username: string | null;
  /** One of `AuditAction`, or a newer action this client does not know yet. */
  action: string;
  ip: string | null;
  details: Record<string, unknown> | null;
}

/** `GET /api/audit` (admin): entries, newest first. */
export async function fetchAudit(page: { limit: number; offset: number }, signal?: AbortSignal): Promise<AuditEntry[]> {
  const body = await getJson<{ entries?: unknown }>(withQuery('/api/audit', page), signal);
  if (!Array.isArray(body.entries))
    throw new ApiError({ status: 200, code: 'bad_response', message: 'Expected entries' });
  return body.entries as AuditEntry[];
}

import type { AuditEntry } from '../api/audit.ts';

/** The details of an audit entry as plain parts the page words in the user's language. */
export type AuditSummary =
  | { kind: 'reason'; reason: string }
  | { kind: 'request'; text: string }
  | { kind: 'created'; username: string; role: string }
  | { kind: 'changed'; userId: number; fields: string[] }
  | { kind: 'user'; userId: number }
  | { kind: 'raw'; text: string }
  | null;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Reads the details the server records per action; anything unexpected is shown as raw JSON.
 * @example auditSummary({ action: 'login_failed', details: { reason: 'locked' } }) // { kind: 'reason', reason: 'locked' }
 */
export function auditSummary(e: Pick<AuditEntry, 'action' | 'details'>): AuditSummary {
  const d = e.details;
  if (!d) return null;
  const reason = str(d.reason);
  const id = num(d.id);
  if (e.action === 'login_failed' && reason) return { kind: 'reason', reason };
  if (e.action === 'denied' && str(d.path))
    return { kind: 'request', text: `${str(d.method) ?? ''} ${str(d.path)}`.trim() };
  if (e.action === 'user_create' && str(d.username))
    return { kind: 'created', username: str(d.username)!, role: str(d.role) ?? '' };
  if (e.action === 'user_update' && id !== null)
    return {
      kind: 'changed',
      userId: id,
      fields: Array.isArray(d.changes) ? d.changes.filter((c) => typeof c === 'string') : [],
    };
  if (e.action === 'password_reset' && id !== null) return { kind: 'user', userId: id };
  return { kind: 'raw', text: JSON.stringify(d) };
}

import { describe, expect, it } from 'vitest';
import { auditSummary } from './audit-summary.ts';

describe('auditSummary', () => {
  it('reads the details each action records', () => {
    expect(auditSummary({ action: 'login', details: null })).toBeNull();
    expect(auditSummary({ action: 'login_failed', details: { reason: 'locked' } })).toEqual({
      kind: 'reason',
      reason: 'locked',
    });
    expect(auditSummary({ action: 'denied', details: { method: 'GET', path: '/api/users' } })).toEqual({
      kind: 'request',
      text: 'GET /api/users',
    });
    expect(auditSummary({ action: 'user_create', details: { id: 5, username: 'li', role: 'secretary' } })).toEqual({
      kind: 'created',
      username: 'li',
      role: 'secretary',
    });
    expect(auditSummary({ action: 'user_update', details: { id: 5, changes: ['disabled', 3] } })).toEqual({
      kind: 'changed',
      userId: 5,
      fields: ['disabled'],
    });
    expect(auditSummary({ action: 'password_reset', details: { id: 5 } })).toEqual({ kind: 'user', userId: 5 });
  });

  it('shows details it does not know as JSON', () => {
    expect(auditSummary({ action: 'import', details: { rows: 3 } })).toEqual({ kind: 'raw', text: '{"rows":3}' });
  });
});

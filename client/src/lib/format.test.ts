import { describe, expect, it } from 'vitest';
import { formatDateTime } from './format.ts';

describe('formatDateTime', () => {
  it('formats a timestamp and falls back for none or nonsense', () => {
    expect(formatDateTime('2026-11-27T08:30:00Z', 'en')).toMatch(/2026/);
    expect(formatDateTime(null, 'en')).toBe('—');
    expect(formatDateTime('not a date', 'en', '')).toBe('');
    expect(formatDateTime('2026-11-27T08:30:15Z', 'en', '', true)).toMatch(/:15/);
  });
});

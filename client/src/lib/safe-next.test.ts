import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('safeNext', () => {
  it('keeps paths of this app with their query and hash', () => {
    expect(safeNext('/admin?tab=users#x')).toBe('/admin?tab=users#x');
    expect(safeNext(['/?village=8'])).toBe('/?village=8');
  });

  it('sends everything else to the map', () => {
    for (const bad of [
      undefined,
      null,
      3,
      '',
      'admin',
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      '/a\nb',
    ])
      expect(safeNext(bad)).toBe('/');
  });

  it('never loops back to the login page', () => {
    expect(safeNext('/login?next=/admin')).toBe('/');
  });
});

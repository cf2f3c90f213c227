import { describe, expect, it } from 'vitest';
import { errorKey } from './error-key.ts';
import en from './en.ts';
import zhCN from './zh-CN.ts';

const keysOf = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keysOf(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

describe('errorKey', () => {
  it('tells a missing login apart from a server failure and an unreachable server', () => {
    expect(errorKey({ status: 401, code: 'unauthorized', message: '' })).toBe('errors.unauthorized');
    expect(errorKey({ status: 503, code: 'unavailable', message: '' })).toBe('errors.server');
    expect(errorKey({ status: 0, code: 'network', message: '' })).toBe('errors.network');
    expect(errorKey({ status: 404, code: 'not_found', message: '' })).toBe('errors.notFound');
  });
});

describe('messages', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keysOf(en).sort()).toEqual(keysOf(zhCN).sort());
  });
});

import type { ApiErrorInfo } from '../api/http.ts';

export type ErrorKey =
  | 'errors.network'
  | 'errors.unauthorized'
  | 'errors.forbidden'
  | 'errors.notFound'
  | 'errors.server'
  | 'errors.badResponse'
  | 'errors.unknown';

/**
 * The message to show for a failed request: what happened and what to do next.
 * @example errorKey({ status: 401, code: 'unauthorized', message: '' }) // 'errors.unauthorized'
 */
export function errorKey(e: ApiErrorInfo): ErrorKey {
  if (e.code === 'network') return 'errors.network';
  if (e.code === 'bad_response') return 'errors.badResponse';
  if (e.status === 401) return 'errors.unauthorized';
  if (e.status === 403) return 'errors.forbidden';
  if (e.status === 404) return 'errors.notFound';
  if (e.status >= 500) return 'errors.server';
  return 'errors.unknown';
}

/**
 * Where to go after signing in: the `next` query parameter when it is a path of this app,
 * otherwise `/`. Anything else (`//evil.example`, `https://…`, `/\evil`) would be an open redirect.
 * @example safeNext('/admin?tab=users') // '/admin?tab=users'
 * @example safeNext('//evil.example') // '/'
 */
export function safeNext(next: unknown): string {
  const v = Array.isArray(next) ? next[0] : next;
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex -- control characters in a path are exactly what we refuse
  if (/[\u0000-\u001f]/.test(v)) return '/';
  if (v === '/login' || v.startsWith('/login?') || v.startsWith('/login#')) return '/';
  return v;
}

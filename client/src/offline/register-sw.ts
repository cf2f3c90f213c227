/**
 * Registers the service worker (`dist/sw.js`, built by vite.config.ts) in built apps, so
 * the app shell opens offline once visited. The dev server has no worker: it would cache modules
 * that Vite serves fresh on every change.
 */
export function registerServiceWorker(): void {
  // MODE, not PROD: the e2e tests build under Vitest's NODE_ENV=test, where PROD is false.
  if (import.meta.env.MODE === 'development' || !('serviceWorker' in navigator)) return;
  // The worker starts after the page has asked who is signed in: ask again through it.
  navigator.serviceWorker.addEventListener('controllerchange', rememberSession);
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((e: unknown) => {
      // The app works without it (only not offline): say so quietly.
      console.warn('Service worker not registered:', e);
    });
  });
}

/**
 * Asks `GET /api/session` through the service worker, which keeps the answer so the app opens as
 * this user offline (sw.js). Called when a user signs in and when the worker takes control.
 */
export function rememberSession(): void {
  if (!navigator.serviceWorker?.controller) return;
  void fetch('/api/session', { credentials: 'same-origin' }).catch(() => undefined);
}

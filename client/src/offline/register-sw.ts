/**
 * Registers the service worker (`dist/sw.js`, built by vite.config.ts) in production builds, so
 * the app shell opens offline once visited. The dev server has no worker: it would cache modules
 * that Vite serves fresh on every change.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((e: unknown) => {
      // The app works without it (only not offline): say so quietly.
      console.warn('Service worker not registered:', e);
    });
  });
}

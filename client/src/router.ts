import { createRouter, createWebHistory } from 'vue-router';
import type { Role } from '../../common/enums.ts';
import { onUnauthenticated } from './api/http.ts';
import { safeNext } from './lib/safe-next.ts';
import { useSessionStore } from './stores/session.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in (the login page). */
    public?: boolean;
    /** Only these roles may open the route. */
    roles?: readonly Role[];
  }
}

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    { path: '/', name: 'map', component: () => import('./views/MapView.vue') },
    {
      path: '/planner',
      name: 'planner',
      component: () => import('./views/PlannerView.vue'),
      meta: { roles: ['admin', 'official', 'planner'] },
    },
    // One record on its own page (issue #4): the detail panel's content, shareable as a link.
    { path: '/detail/:layer/:id', name: 'detail', component: () => import('./views/DetailView.vue') },
    { path: '/chains', name: 'chains', component: () => import('./views/ChainsView.vue') },
    // A village's page: profile, assets, map (issue #5); where a first secretary lands after login.
    {
      path: '/village/:id(\\d+)',
      name: 'village',
      component: () => import('./views/VillageView.vue'),
      props: true,
    },
    // Import for admin, official, planner; secretaries see only the export of their own village.
    {
      path: '/data',
      name: 'data',
      component: () => import('./views/DataView.vue'),
      meta: { roles: ['admin', 'official', 'planner', 'secretary'] },
    },
    // 统计看板: officials, planners and admins; a secretary's view is their village (the server allows all).
    {
      path: '/dashboard',
      name: 'dashboard',
      component: () => import('./views/DashboardView.vue'),
      meta: { roles: ['admin', 'official', 'planner'] },
    },
    { path: '/admin', name: 'admin', component: () => import('./views/AdminView.vue'), meta: { roles: ['admin'] } },
    { path: '/forbidden', name: 'forbidden', component: () => import('./views/ForbiddenView.vue') },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

// Every page but the login page needs a user; some need a role. The server enforces the same
// rules on every request: this only spares the user pages that would fail.
router.beforeEach(async (to) => {
  // The session check is asked first, so it is not queued behind the page's chunks (a browser
  // opens six connections to a host; the map's chunks and their preloads take them all).
  const session = useSessionStore();
  const checked = session.ensureLoaded();
  // Then the page's code is fetched while the session is checked, not after it (the map's first
  // draw waited ~0.5 s for this waterfall); the router's own import later reuses the same module.
  for (const record of to.matched) {
    const load = record.components?.default;
    if (typeof load === 'function' && !('render' in load) && !('setup' in load))
      void (load as () => Promise<unknown>)().catch(() => undefined);
  }
  await checked;
  if (to.meta.public) {
    return to.name === 'login' && session.user ? safeNext(to.query.next) : true;
  }
  if (!session.user) {
    return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  }
  if (to.meta.roles && !to.meta.roles.includes(session.user.role)) {
    return { name: 'forbidden', query: { from: to.fullPath } };
  }
  return true;
});

// A 401 while signed in: the session ended on the server (expired, logged out elsewhere, the
// account was disabled or changed). Back to the login page, which says so, and then back here.
onUnauthenticated(() => {
  const session = useSessionStore();
  if (!session.expire()) return;
  const here = router.currentRoute.value;
  if (here.meta.public) return;
  void router.replace({ name: 'login', query: { next: here.fullPath } });
});

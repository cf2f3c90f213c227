import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { toErrorInfo, type ApiErrorInfo } from '../api/http.ts';
import { changeOwnPassword, fetchSession, signIn, signOut, type SessionUser } from '../api/session.ts';

/**
 * Who is signed in. Loaded once at startup (`ensureLoaded`, which the router guard awaits); the
 * session itself is an httpOnly cookie the client never sees.
 */
export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser | null>(null);
  /** The session ended on the server while the app was open (shown on the login page). */
  const expired = ref(false);
  /** Why the startup check failed (the server was unreachable); null when it answered. */
  const loadError = ref<ApiErrorInfo | null>(null);
  let loaded: Promise<void> | null = null;

  const isAdmin = computed(() => user.value?.role === 'admin');

  async function load(): Promise<void> {
    try {
      user.value = await fetchSession();
      loadError.value = null;
    } catch (e) {
      user.value = null;
      loadError.value = toErrorInfo(e);
    }
  }

  /** Asks the server who is signed in, once; later calls wait for the same answer. */
  function ensureLoaded(): Promise<void> {
    loaded ??= load();
    return loaded;
  }

  /**
   * Signs in and remembers the user.
   * @throws ApiError as `signIn` does (wrong password, disabled, locked, too many attempts)
   */
  async function login(username: string, password: string): Promise<SessionUser> {
    const u = await signIn(username, password);
    user.value = u;
    expired.value = false;
    loadError.value = null;
    loaded = Promise.resolve();
    return u;
  }

  /** Signs out on the server; the user is forgotten here even if the server cannot be reached. */
  async function logout(): Promise<void> {
    try {
      await signOut();
    } finally {
      user.value = null;
      expired.value = false;
    }
  }

  /**
   * Forgets the user after the server answered 401 to a signed-in request.
   * @returns true when someone was signed in (so the app should go to the login page)
   */
  function expire(): boolean {
    if (!user.value) return false;
    user.value = null;
    expired.value = true;
    return true;
  }

  /** Changes the signed-in user's own password (`validation_failed` at `current` when it is wrong). */
  function changePassword(current: string, password: string): Promise<void> {
    return changeOwnPassword(current, password);
  }

  return { user, expired, loadError, isAdmin, ensureLoaded, login, logout, expire, changePassword };
});

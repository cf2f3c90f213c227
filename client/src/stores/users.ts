import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { ApiError, toErrorInfo, type ApiErrorInfo } from '../api/http.ts';
import {
  createUser,
  fetchUser,
  fetchUsers,
  resetUserPassword,
  updateUser,
  type UserCreate,
  type UserUpdate,
  type UserView,
} from '../api/users.ts';

/** Every account, for the admin page (a county has tens to hundreds, so one list is fine). */
export const useUsersStore = defineStore('users', () => {
  const users = shallowRef<UserView[]>([]);
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<ApiErrorInfo | null>(null);

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      users.value = await fetchUsers();
      loaded.value = true;
    } catch (e) {
      error.value = toErrorInfo(e);
    } finally {
      loading.value = false;
    }
  }

  function put(u: UserView): UserView {
    const i = users.value.findIndex((x) => x.id === u.id);
    users.value = i < 0 ? [...users.value, u] : users.value.map((x) => (x.id === u.id ? u : x));
    return u;
  }

  /** Loads one account again (after someone else changed it). */
  async function reload(id: number): Promise<UserView> {
    return put(await fetchUser(id));
  }

  /** Creates an account. @throws ApiError with `details` per field */
  async function create(body: UserCreate): Promise<UserView> {
    return put(await createUser(body));
  }

  /**
   * Saves changes to `user`, based on the version the form was filled from. On a version conflict
   * the row is loaded again before the error is rethrown, so the form can show the current state.
   * @throws ApiError `version_conflict` (412), `validation_failed` (400)
   */
  async function update(user: UserView, patch: UserUpdate): Promise<UserView> {
    try {
      return put(await updateUser(user.id, user.version, patch));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'version_conflict') await reload(user.id).catch(() => undefined);
      throw e;
    }
  }

  /** Sets a new password for `user` (shown once to the admin by the caller). */
  async function resetPassword(user: UserView, password: string): Promise<UserView> {
    return put(await resetUserPassword(user.id, password));
  }

  return { users, loaded, loading, error, load, reload, create, update, resetPassword };
});

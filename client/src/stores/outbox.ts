import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import {
  currentOutbox,
  deviceEdits,
  sendWrite,
  type ConflictChoice,
  startOutbox,
  stopOutbox,
  type OutboxEntry,
  type SyncState,
  type WriteRequest,
} from '../offline/outbox.ts';
import { rememberSession } from '../offline/register-sw.ts';
import { useSessionStore } from './session.ts';

/**
 * The signed-in user's offline outbox as the UI sees it: the writes waiting on this device, the
 * replay state and the browser's connection. It starts the outbox (`offline/outbox.ts`) whenever
 * someone signs in and stops it on sign-out.
 */
export const useOutboxStore = defineStore('outbox', () => {
  const entries = shallowRef<readonly OutboxEntry[]>([]);
  const state = ref<SyncState>('idle');
  const online = ref(navigator.onLine);
  let unsubscribe: (() => void) | null = null;

  const count = computed(() => entries.value.length);
  /** Entries that wait for the user (a conflict to settle, or a refused write). */
  const needsAttention = computed(() => entries.value.filter((e) => e.status !== 'pending').length);

  function attach(userId: number | null): void {
    unsubscribe?.();
    unsubscribe = null;
    if (userId === null) {
      stopOutbox();
      entries.value = [];
      state.value = 'idle';
      return;
    }
    rememberSession();
    const queue = startOutbox(userId);
    unsubscribe = queue.onChange((s) => {
      entries.value = s.entries;
      state.value = s.state;
    });
    ({ entries: entries.value, state: state.value } = queue.snapshot());
  }

  const session = useSessionStore();
  watch(
    () => session.user,
    (user) => attach(user?.id ?? null),
    { immediate: true },
  );
  window.addEventListener('online', () => (online.value = true));
  window.addEventListener('offline', () => (online.value = false));

  function queue() {
    const q = currentOutbox();
    if (!q) throw new Error('No one is signed in');
    return q;
  }

  return {
    entries,
    state,
    online,
    count,
    needsAttention,
    send: (req: WriteRequest) => sendWrite(req),
    syncNow: () => queue().flush(),
    discard: (id: number) => queue().discard(id),
    retry: (id: number) => queue().retry(id),
    /** Settles conflict `id` with the fields chosen (none: the server's version, the edits dropped). */
    resolve: (id: number, choice: ConflictChoice) => queue().resolve(id, choice),
    /** The edits the conflict view shows for conflict `id`, merged (see `deviceEdits`). */
    deviceEdits: (id: number) => deviceEdits(entries.value, id),
  };
});

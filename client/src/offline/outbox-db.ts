import type { OutboxEntry } from './types.ts';

const DB_NAME = 'xiangtu-offline';
const STORE = 'outbox';
const BY_USER = 'by_user';

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
}

/**
 * The outbox's IndexedDB store: one object store of `OutboxEntry`, auto-increment keys (the
 * order of the writes) and an index by user. Every call is its own transaction, committed before
 * the promise resolves, so an acknowledged queueing survives a reload or a closed tab.
 */
export class OutboxDb {
  private db: Promise<IDBDatabase> | null = null;

  /** @param idb the IndexedDB factory (`indexedDB` in a browser, `fake-indexeddb` in tests) */
  constructor(private readonly idb: IDBFactory) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = this.idb.open(DB_NAME, 1);
      req.onupgradeneeded = () => {
        const store = req.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
        store.createIndex(BY_USER, 'userId');
      };
      req.onsuccess = () => {
        // Another tab upgrading the schema: step aside instead of blocking it.
        req.result.onversionchange = () => req.result.close();
        resolve(req.result);
      };
      req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
      req.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
    });
    return this.db;
  }

  private async run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const tx = (await this.open()).transaction(STORE, mode);
    const [result] = await Promise.all([done(fn(tx.objectStore(STORE))), committed(tx)]);
    return result;
  }

  /** Stores a new entry. @returns its id */
  async add(entry: Omit<OutboxEntry, 'id'>): Promise<number> {
    return Number(await this.run('readwrite', (s) => s.add(entry)));
  }

  async put(entry: OutboxEntry): Promise<void> {
    await this.run('readwrite', (s) => s.put(entry));
  }

  async delete(id: number): Promise<void> {
    await this.run('readwrite', (s) => s.delete(id));
  }

  /** In one transaction: stores `entry` (when given) and deletes the entries `deleteIds`. */
  async replace(entry: OutboxEntry | null, deleteIds: readonly number[]): Promise<void> {
    const tx = (await this.open()).transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    if (entry) store.put(entry);
    for (const id of deleteIds) store.delete(id);
    await committed(tx);
  }

  async get(id: number): Promise<OutboxEntry | undefined> {
    return this.run('readonly', (s) => s.get(id) as IDBRequest<OutboxEntry | undefined>);
  }

  /** A user's entries, oldest first. */
  async list(userId: number): Promise<OutboxEntry[]> {
    const rows = await this.run('readonly', (s) => s.index(BY_USER).getAll(userId) as IDBRequest<OutboxEntry[]>);
    return rows.sort((a, b) => a.id - b.id);
  }

  /** Closes the connection (tests; a closed tab does this by itself). */
  async close(): Promise<void> {
    if (this.db) (await this.db).close();
    this.db = null;
  }
}

import type { Knex } from 'knex';

/**
 * The driver's own connection under a knex transaction (node-sqlite3's Database, node-postgres's
 * Client): what bulk writes use to prepare a statement once and bind it batch after batch, which
 * knex (building SQL text per call) cannot. Statements sent on it are part of the transaction.
 */
export async function rawConnection<T>(tx: Knex.Transaction): Promise<T> {
  const client = (tx as unknown as { client: { acquireConnection(): Promise<T> } }).client;
  return client.acquireConnection();
}

/** A SQL identifier, double-quoted (the same on SQLite and PostgreSQL). */
export const quoteId = (name: string): string => `"${name.replace(/"/g, '""')}"`;

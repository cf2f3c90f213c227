/**
 * Bulk inserts on PostgreSQL through `COPY … FROM STDIN` (text format), by pg-copy-streams on the
 * transaction's own connection. One COPY stays open across batches: the statement's round trip
 * (the server's CopyInResponse, which node reads only when its event loop gets to it) is paid once
 * per sink, not per batch, and each batch goes to the socket as soon as it is handed over, while
 * node goes on with other work. Rows are tab-separated text parsed by the columns' type input
 * functions, as the unnest arrays of postgres-bulk.ts were; triggers and generated columns (the
 * change stamp, `bbox`) run as for an INSERT.
 *
 * A connection runs one statement at a time, and a COPY lasts until its end is sent. So any other
 * statement on the transaction ends the COPY first: statements of these sinks wait for it, and a
 * knex statement (which node-postgres queues behind the COPY) ends it through knex's `query`
 * event, fired before a statement is sent. The next batch opens a new COPY. A COPY's failure
 * aborts the transaction; it is reported by the sink's next `write` or `flush`.
 *
 * Protocol (PostgreSQL docs, "Frontend/Backend Protocol: COPY Operations"): after an error in
 * copy-in mode the server sends ErrorResponse and ReadyForQuery and drops any CopyData, CopyDone
 * or CopyFail that follows, so the connection is usable again (for the ROLLBACK) however much
 * data was still on its way.
 */
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escapeChar = (c: string) => ESCAPES[c]!;

/**
 * One value as a field of COPY's text format, holding the text node-postgres would send for it
 * as a parameter (numbers in their shortest round-trip form, booleans as `true`/`false`, plain
 * objects as JSON); `undefined` for a value whose parameter form is not plain text (Buffers,
 * arrays, Dates: node-postgres writes those its own way), which the caller sends otherwise.
 *
 * @example copyField('a\tb') // 'a\\tb'
 */
export function copyField(v: unknown): string | undefined {
  let s: string;
  switch (typeof v) {
    case 'string':
      s = v;
      break;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(v);
    case 'undefined':
      return '\\N';
    case 'object':
      if (v === null) return '\\N';
      if (Array.isArray(v) || ArrayBuffer.isView(v) || v instanceof Date) return undefined;
      if (typeof (v as { toPostgres?: unknown }).toPostgres === 'function') return undefined;
      s = JSON.stringify(v);
      break;
    default:
      return undefined;
  }
  // A NUL cannot be stored in text on PostgreSQL whichever way it is sent: left for the server to
  // reject, as it rejects the parameter.
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, escapeChar) : s;
}

/**
 * The rows as COPY text (one line each, `tail` appended to every line: the constants' fields);
 * `undefined` when a value has no plain-text form (see {@link copyField}).
 */
export function copyText(rows: readonly (readonly unknown[])[], width: number, tail: string): string | undefined {
  let out = '';
  for (const r of rows) {
    if (r.length !== width) throw new Error(`a row has ${r.length} values, not ${width}`);
    for (let c = 0; c < width; c++) {
      const f = copyField(r[c]);
      if (f === undefined) return undefined;
      out += c ? `\t${f}` : f;
    }
    out += `${tail}\n`;
  }
  return out;
}

/** The COPY open on each connection, if any. */
const openCopies = new WeakMap<pg.Client, CopyIn>();

/**
 * Runs `statement` on `client` once no COPY is open there: an open one is ended first, and waited
 * for (whatever its outcome: its sink reports a failure). `statement` is called in the same turn
 * as the last check, so that nothing opens another COPY in between.
 */
export async function afterCopy<T>(client: pg.Client, statement: () => T | Promise<T>): Promise<T> {
  for (let open = openCopies.get(client); open; open = openCopies.get(client)) await open.end().catch(() => undefined);
  return statement();
}

/** Opens a COPY (`sql`) on `client`, once any other COPY open there has ended. */
export function openCopy(tx: Knex.Transaction, client: pg.Client, sql: string): Promise<CopyIn> {
  return afterCopy(client, () => new CopyIn(tx, client, sql));
}

/** One `COPY … FROM STDIN` in progress on a connection. */
export class CopyIn {
  private readonly stream: CopyStreamQuery;
  private failure: { error: unknown } | undefined;
  private readonly failed: Promise<never>;
  /** The last write handed to the stream, until the stream has taken it. */
  private writing: Promise<void> = Promise.resolve();
  private ended: Promise<void> | undefined;
  private readonly onQuery = () => void this.end().catch(() => undefined);

  /** Sends `sql` (a COPY … FROM STDIN) on `client`, which must be running no other statement (see openCopy). */
  constructor(
    private readonly tx: Knex.Transaction,
    private readonly client: pg.Client,
    sql: string,
  ) {
    this.stream = copyFrom(sql);
    this.failed = new Promise<never>((_, reject) => {
      this.stream.on('error', (error: unknown) => {
        this.failure ??= { error };
        this.release();
        reject(error);
      });
    });
    this.failed.catch(() => undefined); // observed through write/end
    openCopies.set(client, this);
    tx.on('query', this.onQuery);
    client.query(this.stream);
  }

  /**
   * Hands `text` (whole lines) to the connection; resolves once it is on its way (in the socket,
   * or queued by it when the server reads slower than node writes). Writes are passed on one at a
   * time: the stream then never holds more than the one being sent, which pg-copy-streams needs
   * (after a server error it drops its connection, and would write a held chunk to none).
   */
  write(text: string): Promise<void> {
    if (this.ended) return Promise.reject(new Error('COPY already ended'));
    const written = this.writing.then(() => {
      if (this.failure) throw this.failure.error;
      const taken = new Promise<void>((resolve) => this.stream.write(text, () => resolve()));
      return Promise.race([taken, this.failed]);
    });
    this.writing = written.catch(() => undefined);
    return written;
  }

  /** Whether its end was sent (by its sink, or because another statement needed the connection). */
  get isEnded(): boolean {
    return this.ended !== undefined;
  }

  /** Sends the end of the data; resolves once the server has stored every row (rejects with its error). */
  end(): Promise<void> {
    this.ended ??= this.writing.then(() => {
      if (this.failure) throw this.failure.error;
      const finished = new Promise<void>((resolve) => this.stream.end(() => resolve()));
      return Promise.race([finished, this.failed]).finally(() => this.release());
    });
    return this.ended;
  }

  private release(): void {
    this.tx.off('query', this.onQuery);
    if (openCopies.get(this.client) === this) openCopies.delete(this.client);
  }
}

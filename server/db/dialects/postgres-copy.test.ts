/**
 * COPY's text format (postgres-copy.ts): escaping checked against a decoder written from
 * PostgreSQL's rules, and, on PostgreSQL (`npm run test:pg`), rows written by COPY compared with
 * the same rows written by the unnest statement it replaced, column by column as the server
 * prints them (doubles to the last digit, generated `bbox` included); one COPY kept open across
 * batches and ended by any other statement; failures mid-stream.
 */
import fc from 'fast-check';
import knex, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratedTestDatabase } from '../../../test/helpers/app.ts';
import { postgresRowSink, postgresUnnestSink } from './postgres-bulk.ts';
import { copyField, copyText } from './postgres-copy.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- rows are read as plain objects */

/** One field of COPY text as PostgreSQL reads it (CopyReadAttributesText): null, or the text. */
function decodeField(field: string): string | null {
  if (field === '\\N') return null;
  const simple: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
  let out = '';
  for (let i = 0; i < field.length; i++) {
    const c = field[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = field[++i]!;
    out += simple[e] ?? e;
  }
  return out;
}

const AWKWARD = [
  '',
  ' ',
  '\\',
  '\\\\',
  '\\N',
  'N',
  '\\.',
  '.',
  'a\tb',
  'a\nb',
  'a\r\nb',
  '\r',
  '"quoted" \'single\'',
  '{"a":"b\\"c"}',
  'C:\\path\\to',
  '🌾乡村振兴',
  '合成1村',
  '\u00a0\u2028\u2029',
  'null',
  'NULL',
];
const text = fc.oneof(
  fc.constantFrom(...AWKWARD),
  fc.string({ unit: fc.constantFrom('a', '\\', '\t', '\n', '\r', 'N', '.', '"', "'", ',', '村', '🌾', ' ') }),
  fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\u0000')),
);

describe('copyField', () => {
  it('writes text that PostgreSQL reads back as the same string, on one line', () => {
    fc.assert(
      fc.property(text, (s) => {
        const f = copyField(s)!;
        expect(f).not.toMatch(/[\t\n\r]/);
        expect(decodeField(f)).toBe(s);
      }),
      { numRuns: 5000 },
    );
  });

  it('writes null and undefined as \\N, numbers in their shortest round-trip form, objects as JSON', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField(1.0000000000000002)).toBe('1.0000000000000002');
    expect(copyField(0.30000000000000004)).toBe('0.30000000000000004');
    expect(copyField(-0)).toBe('0');
    expect(copyField(1e21)).toBe('1e+21');
    expect(copyField(true)).toBe('true');
    expect(copyField({ a: 'x\ty' })).toBe('{"a":"x\\\\ty"}');
    for (const odd of [[1], new Date(0), Buffer.from('x'), new Uint8Array(1)]) expect(copyField(odd)).toBeUndefined();
  });

  it('puts one row a line, constants after the row’s own values', () => {
    expect(copyText([['a', null, 1.5]], 3, '\tk')).toBe('a\t\\N\t1.5\tk\n');
    expect(copyText([['a', [1], 1]], 3, '')).toBeUndefined();
    expect(() => copyText([['a']], 2, '')).toThrow(/a row has 1 values/);
  });
});

const enabled = Boolean(process.env.TEST_DATABASE_URL);
if (!enabled) console.warn('server/db/dialects/postgres-copy.test.ts: database part SKIPPED — set TEST_DATABASE_URL');

describe.skipIf(!enabled)('COPY against unnest on PostgreSQL', () => {
  const t = migratedTestDatabase();

  /** Every column of `table` as the server prints it (`bbox`, if any, as EWKT), rows in id order. */
  const printed = async (tx: Knex.Transaction, table: string, bbox = false) =>
    (
      (await tx.raw(
        `SELECT to_jsonb(t)${bbox ? ` || jsonb_build_object('bbox', ST_AsEWKT(t.bbox))` : ''} AS r FROM ?? t ORDER BY id`,
        [table],
      )) as { rows: { r: Record<string, unknown> }[] }
    ).rows.map((x) => x.r);

  /** Writes `rows` through `open`'s sink in batches, inside `tx`. */
  const write = async (
    open: typeof postgresRowSink,
    tx: Knex.Transaction,
    table: string,
    columns: string[],
    constants: Record<string, unknown>,
    rows: unknown[][],
  ) => {
    const sink = await open(tx, table, columns, constants);
    try {
      for (let i = 0; i < rows.length; i += 7) await sink.write(rows.slice(i, i + 7));
      await sink.flush();
    } finally {
      await sink.close();
    }
  };

  const double = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(122.9463431, 0.1 + 0.2, 41.65584840000001, -0, 5e-324, 1.7976931348623157e308),
  );
  const village = fc.record({
    name: fc.oneof(fc.constantFrom(...AWKWARD), text).map((s) => s.slice(0, 50)),
    notes: fc.option(text),
    boundary: fc.option(text),
    lng: double,
    lat: double,
    households: fc.option(fc.integer()),
    json: fc.jsonValue(),
    box: fc.option(fc.tuple(double, double)),
  });

  it('stores villages and their revisions exactly as the unnest statement stored them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(village, { minLength: 1, maxLength: 30 }), async (vs) => {
        const columns = [
          'id',
          'code',
          'name',
          'notes',
          'boundary',
          'lng',
          'lat',
          'minx',
          'miny',
          'maxx',
          'maxy',
          'households',
          'incomes',
        ];
        const rows = vs.map((v, i) => [
          i + 1,
          `11000000${String(i).padStart(4, '0')}`,
          v.name,
          v.notes,
          v.boundary,
          v.lng,
          v.lat,
          v.box?.[0] ?? null,
          v.box?.[1] ?? null,
          v.box ? v.box[0] + 1 : null,
          v.box ? v.box[1] + 1 : null,
          v.households,
          JSON.stringify(v.json),
        ]);
        const constants = {
          code_edition: 2024,
          township_id: 1,
          location: '{"type":"Point","coordinates":[1,2]}',
          version: 1,
          created_at: '2026-11-29T00:00:00.000Z',
          created_by: 'a\tb\\c',
          updated_at: '2026-11-29T00:00:00.000Z',
          updated_by: null,
        };
        const revisions = vs.map((v, i) => [i + 1, JSON.stringify({ properties: v, note: v.notes })]);
        const revConstants = { table_name: 'villages', version: 1, action: 'import', at: 'x', before: null };
        const stored: Record<string, unknown>[][][] = [];
        for (const open of [postgresRowSink, postgresUnnestSink]) {
          await t.db.knex
            .transaction(async (tx) => {
              await tx('townships').insert({
                id: 1,
                code: '110000001',
                name: 't',
                county: 'c',
                geometry: '{}',
                created_at: 'x',
                updated_at: 'x',
              });
              await write(open, tx, 'villages', columns, constants, rows);
              await write(open, tx, 'revisions', ['row_id', 'after'], revConstants, revisions);
              const revs = (await printed(tx, 'revisions')).map(({ id: _, ...r }) => r);
              stored.push([await printed(tx, 'villages', true), revs]);
              throw new Error('rollback');
            })
            .catch((e: Error) => {
              if (e.message !== 'rollback') throw e;
            });
        }
        expect(stored[0]).toEqual(stored[1]);
        expect(stored[0]![0]!.map((r: any) => r.name)).toEqual(vs.map((v) => v.name));
      }),
      { numRuns: 40 },
    );
  });

  it('stores booleans, bigints, JSON and timestamps as the unnest statement did', async () => {
    const row = fc.tuple(
      fc.option(fc.boolean()),
      fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
      fc
        .jsonValue()
        .map((j) => JSON.stringify(j))
        .filter((j) => !j.includes('\\u0000')),
      fc.option(fc.constantFrom('2026-11-29T08:00:00Z', '2026-11-29 08:00:00.123456+08', 'epoch')),
      fc.option(fc.object()),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 20 }), async (rs) => {
        const stored: unknown[] = [];
        for (const open of [postgresRowSink, postgresUnnestSink]) {
          await t.db.knex
            .transaction(async (tx) => {
              await tx.raw(
                'CREATE TEMP TABLE copy_kinds (id int PRIMARY KEY, b boolean, n bigint, j jsonb, at timestamptz, o text, k text) ON COMMIT DROP',
              );
              const rows = rs.map((r, i) => [i + 1, ...r]);
              await write(open, tx, 'copy_kinds', ['id', 'b', 'n', 'j', 'at', 'o'], { k: 'k\n' }, rows);
              stored.push(
                (await tx.raw('SELECT to_jsonb(t) AS r FROM copy_kinds t ORDER BY id')).rows.map((x: any) => x.r),
              );
              throw new Error('rollback');
            })
            .catch((e: Error) => {
              if (e.message !== 'rollback') throw e;
            });
        }
        expect(stored[0]).toEqual(stored[1]);
      }),
      { numRuns: 30 },
    );
  });

  it('falls back to the unnest statement for values COPY text cannot carry', async () => {
    await t.db.knex.transaction(async (tx) => {
      await tx.raw('CREATE TEMP TABLE copy_odd (id int PRIMARY KEY, bytes bytea, at timestamptz) ON COMMIT DROP');
      const at = new Date('2026-11-29T08:00:00.123Z');
      await write(postgresRowSink, tx, 'copy_odd', ['id', 'bytes', 'at'], {}, [
        [1, Buffer.from('\\\t'), at],
        [2, null, null],
      ]);
      const rows = (await tx.raw("SELECT id, encode(bytes, 'hex') AS h, at FROM copy_odd ORDER BY id")).rows;
      expect(rows).toEqual([
        { id: 1, h: '5c09', at },
        { id: 2, h: null, at: null },
      ]);
    });
  });

  /** A table whose statement-level trigger counts the statements (each COPY is one) that inserted into it. */
  const counted = async (tx: Knex.Transaction) => {
    await tx.raw('CREATE TEMP TABLE copy_n (id int PRIMARY KEY, t text) ON COMMIT DROP');
    await tx.raw('CREATE TEMP TABLE copy_statements (n int) ON COMMIT DROP');
    await tx.raw('INSERT INTO copy_statements VALUES (0)');
    await tx.raw(`CREATE FUNCTION pg_temp.count_statement() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN UPDATE copy_statements SET n = n + 1; RETURN NULL; END $$`);
    await tx.raw(
      'CREATE TRIGGER copy_n_statements AFTER INSERT ON copy_n FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.count_statement()',
    );
    return async () => {
      const [{ n }] = (await tx.raw('SELECT max(n) AS n FROM copy_statements')).rows;
      const [{ rows }] = (await tx.raw('SELECT count(*)::int AS rows FROM copy_n')).rows;
      return { statements: n as number, rows: rows as number };
    };
  };
  const batch = (b: number, size = 500, text = 'x') =>
    Array.from({ length: size }, (_, i) => [b * size + i + 1, `${text}${b}\t${i}`]);

  it('writes every batch through one COPY', async () => {
    await t.db.knex
      .transaction(async (tx) => {
        const stats = await counted(tx);
        const sink = await postgresRowSink(tx, 'copy_n', ['id', 't'], {});
        for (let b = 0; b < 20; b++) await sink.write(batch(b));
        await sink.flush();
        await sink.close();
        expect(await stats()).toEqual({ statements: 1, rows: 10_000 });
        const [last] = (await tx.raw('SELECT t FROM copy_n WHERE id = 10000')).rows;
        expect(last.t).toBe('x19\t499');
        throw new Error('rollback');
      })
      .catch((e: Error) => {
        if (e.message !== 'rollback') throw e;
      });
  });

  it('ends the COPY for any other statement on the transaction, which sees the rows before it', async () => {
    await t.db.knex
      .transaction(async (tx) => {
        const stats = await counted(tx);
        const sink = await postgresRowSink(tx, 'copy_n', ['id', 't'], {});
        await sink.write(batch(0));
        await sink.write(batch(1));
        // A knex statement while the COPY is open: it ends the COPY, then runs.
        const [{ n }] = (await tx.raw('SELECT count(*)::int AS n FROM copy_n')).rows;
        expect(n).toBe(1000);
        await sink.write(batch(2));
        // Another sink's statements on the same connection end it too.
        const other = await postgresRowSink(tx, 'copy_statements', ['n'], {});
        await other.write([[-1]]);
        await sink.write(batch(3));
        await Promise.all([sink.flush(), other.flush()]);
        await Promise.all([sink.close(), other.close()]);
        expect(await stats()).toEqual({ statements: 3, rows: 2000 });
        throw new Error('rollback');
      })
      .catch((e: Error) => {
        if (e.message !== 'rollback') throw e;
      });
  });

  describe('on a connection of its own', () => {
    let one: Knex;
    beforeAll(async () => {
      // One connection, so that "usable afterwards" is about the connection the COPY ran on.
      one = knex({
        client: 'pg',
        connection: process.env.TEST_DATABASE_URL,
        pool: { min: 1, max: 1 },
        searchPath: [t.schema, 'public'],
      });
      await one.raw('CREATE TABLE copy_pk (id int PRIMARY KEY, t text)');
    });
    afterAll(async () => {
      await one.destroy();
    });
    const pid = async () => (await one.raw('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    const stored = async () => Number((await one.raw('SELECT count(*) AS n FROM copy_pk')).rows[0].n);

    it('rejects a key broken mid-stream, however much is still being written, and rolls it all back', async () => {
      const before = await pid();
      const big = 'x'.repeat(2000);
      let writes = 0;
      // 40 batches of 1 MB: the server finds the broken key in the third while node writes on.
      const failure = one.transaction(async (tx) => {
        const sink = await postgresRowSink(tx, 'copy_pk', ['id', 't'], {});
        try {
          for (let b = 0; b < 40; b++) {
            await sink.write(batch(b, 500, big).map(([id, t], i) => [b === 2 && i === 250 ? 1 : id, t]));
            writes++;
          }
          await sink.flush();
        } finally {
          await sink.close().catch(() => undefined);
        }
      });
      await expect(failure).rejects.toMatchObject({ code: '23505', message: expect.stringMatching(/duplicate key/) });
      expect(writes).toBeGreaterThanOrEqual(2);
      expect(await stored()).toBe(0);
      // The same connection, usable: a COPY on it writes.
      expect(await pid()).toBe(before);
      await one.transaction(async (tx) => {
        const sink = await postgresRowSink(tx, 'copy_pk', ['id', 't'], {});
        await sink.write(batch(0));
        await sink.flush();
        await sink.close();
      });
      expect(await stored()).toBe(500);
      await one.raw('TRUNCATE copy_pk');
    });

    it('reports the failed COPY, not the statement that ended it, and close reports it too', async () => {
      let flushed: unknown;
      const failure = one.transaction(async (tx) => {
        const sink = await postgresRowSink(tx, 'copy_pk', ['id', 't'], {});
        await sink.write([
          [1, 'a'],
          [1, 'b'],
        ]);
        // This statement ends the COPY, which fails: the transaction is aborted.
        await expect(tx.raw('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
        flushed = await sink.flush().catch((e: unknown) => e);
        await sink.close();
      });
      await expect(failure).rejects.toMatchObject({ code: '23505' });
      expect(flushed).toMatchObject({ code: '23505' });
      expect(await stored()).toBe(0);
      expect(Number((await one.raw('SELECT 1 AS n')).rows[0].n)).toBe(1);
    });
  });
});

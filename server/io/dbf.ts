/**
 * dBASE III tables (the attribute part of a Shapefile). Read with the encoding of the `.cpg`,
 * else UTF-8 when the bytes are valid UTF-8, else GBK. Written in two passes — values go to a
 * temporary file while features stream, the header (which needs every field's width) comes last.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import type { Writable } from 'node:stream';
import { invalidFile } from './limits.ts';
import { write } from './sink.ts';
import { decodeAs, isUtf8, type TextEncoding } from './text.ts';

export interface DbfField {
  name: string;
  type: string;
  length: number;
  decimals: number;
}

export interface DbfTable {
  fields: DbfField[];
  /** One record per shape; null for records marked deleted. */
  records: (Record<string, unknown> | null)[];
  encoding: TextEncoding;
}

export function readDbf(buf: Buffer, encoding: TextEncoding | null, what = 'the .dbf'): DbfTable {
  const bad = (why: string) => invalidFile(`${what} is damaged (${why})`);
  if (buf.length < 33) throw bad('too short for a header');
  const count = buf.readUInt32LE(4);
  const headerLength = buf.readUInt16LE(8);
  const recordLength = buf.readUInt16LE(10);
  if (headerLength < 33 || headerLength > buf.length) throw bad('bad header length');
  const rawFields: { name: Buffer; type: string; length: number; decimals: number; offset: number }[] = [];
  let offset = 1;
  for (let p = 32; p + 32 <= headerLength && buf[p] !== 0x0d; p += 32) {
    const nameBytes = buf.subarray(p, p + 11);
    const end = nameBytes.indexOf(0);
    rawFields.push({
      name: nameBytes.subarray(0, end < 0 ? 11 : end),
      type: String.fromCharCode(buf[p + 11]!),
      length: buf[p + 16]!,
      decimals: buf[p + 17]!,
      offset,
    });
    offset += buf[p + 16]!;
  }
  if (offset !== recordLength) throw bad('its field widths do not add up to its record length');
  const body = buf.subarray(headerLength, headerLength + count * recordLength);
  if (body.length < count * recordLength) throw bad(`it declares ${count} records but holds fewer`);
  const enc = encoding ?? (isUtf8(body) && rawFields.every((f) => isUtf8(f.name)) ? 'UTF-8' : 'GBK');
  const fields = rawFields.map((f) => ({
    name: decodeAs(f.name, enc).trim(),
    type: f.type,
    length: f.length,
    decimals: f.decimals,
  }));
  const records: DbfTable['records'] = [];
  for (let r = 0; r < count; r++) {
    const start = r * recordLength;
    if (body[start] === 0x2a) {
      records.push(null);
      continue;
    }
    const rec: Record<string, unknown> = {};
    rawFields.forEach((f, i) => {
      const bytes = body.subarray(start + f.offset, start + f.offset + f.length);
      rec[fields[i]!.name] = cell(f.type, bytes, enc);
    });
    records.push(rec);
  }
  return { fields, records, encoding: enc };
}

function cell(type: string, bytes: Buffer, enc: TextEncoding): unknown {
  const ascii = () => bytes.toString('latin1').replace(/\0/g, '').trim();
  switch (type) {
    case 'N':
    case 'F': {
      const s = ascii();
      if (!s || /^\*+$/.test(s)) return null;
      const n = Number(s);
      return Number.isFinite(n) ? n : s;
    }
    case 'L': {
      const s = ascii().toUpperCase();
      return s === 'T' || s === 'Y' ? true : s === 'F' || s === 'N' ? false : null;
    }
    case 'D': {
      const s = ascii();
      return /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}` : null;
    }
    case 'C': {
      const s = decodeAs(bytes, enc).replace(/\0+$/, '').trim();
      return s === '' ? null : s;
    }
    default:
      return null;
  }
}

/** The type of a written column. */
export type DbfKind = 'C' | 'N' | 'L';

const MAX_TEXT = 254;

/** Cuts UTF-8 text to at most `max` bytes without splitting a character. */
function cutUtf8(s: string, max: number): Buffer {
  const b = Buffer.from(s, 'utf8');
  if (b.length <= max) return b;
  let end = max;
  while (end > 0 && (b[end]! & 0xc0) === 0x80) end--;
  return b.subarray(0, end);
}

/** Writes a DBF in two passes (see the file comment). Text is UTF-8 (the `.cpg` says so). */
export class DbfWriter {
  private readonly tmp: fs.WriteStream;
  private count = 0;
  private readonly width: number[];
  private readonly decimals: number[];
  /** Text values longer than 254 bytes, cut. */
  truncated = 0;

  constructor(
    private readonly tmpPath: string,
    private readonly columns: { name: string; kind: DbfKind }[],
  ) {
    this.tmp = fs.createWriteStream(tmpPath);
    this.width = columns.map((c) => (c.kind === 'L' ? 1 : 1));
    this.decimals = columns.map(() => 0);
  }

  /** Adds a record: strings for C, numbers for N, booleans for L, null for empty. */
  async add(values: (string | number | boolean | null)[]): Promise<void> {
    values.forEach((v, i) => {
      const c = this.columns[i]!;
      if (v === null) return;
      if (c.kind === 'C') {
        const n = Buffer.byteLength(String(v), 'utf8');
        if (n > MAX_TEXT) this.truncated++;
        this.width[i] = Math.max(this.width[i]!, Math.min(MAX_TEXT, n));
      } else if (c.kind === 'N' && typeof v === 'number') {
        const s = String(v);
        const dec = s.includes('e') ? 0 : (s.split('.')[1]?.length ?? 0);
        this.decimals[i] = Math.min(15, Math.max(this.decimals[i]!, dec));
        this.width[i] = Math.max(this.width[i]!, Math.trunc(Math.abs(v)).toString().length + (v < 0 ? 1 : 0));
      }
    });
    this.count++;
    await write(this.tmp, `${JSON.stringify(values)}\n`);
  }

  /** Writes the table to `out` (a file) and removes the temporary values. */
  async finish(out: Writable): Promise<void> {
    await new Promise<void>((resolve, reject) => this.tmp.end((err?: Error | null) => (err ? reject(err) : resolve())));
    const widths = this.columns.map((c, i) =>
      c.kind === 'N' ? Math.min(20, this.width[i]! + (this.decimals[i]! ? this.decimals[i]! + 1 : 0)) : this.width[i]!,
    );
    const recordLength = 1 + widths.reduce((a, b) => a + b, 0);
    const headerLength = 32 + 32 * this.columns.length + 1;
    const h = Buffer.alloc(headerLength);
    const now = new Date();
    h[0] = 0x03;
    h[1] = now.getUTCFullYear() - 1900;
    h[2] = now.getUTCMonth() + 1;
    h[3] = now.getUTCDate();
    h.writeUInt32LE(this.count, 4);
    h.writeUInt16LE(headerLength, 8);
    h.writeUInt16LE(recordLength, 10);
    this.columns.forEach((c, i) => {
      const p = 32 + i * 32;
      h.write(c.name.slice(0, 10), p, 'ascii');
      h[p + 11] = c.kind.charCodeAt(0);
      h[p + 16] = widths[i]!;
      h[p + 17] = c.kind === 'N' ? Math.min(this.decimals[i]!, Math.max(0, widths[i]! - 2)) : 0;
    });
    h[headerLength - 1] = 0x0d;
    await write(out, h);
    const lines = readline.createInterface({ input: fs.createReadStream(this.tmpPath), crlfDelay: Infinity });
    let batch: Buffer[] = [];
    for await (const line of lines) {
      const values = JSON.parse(line) as (string | number | boolean | null)[];
      const rec = Buffer.alloc(recordLength, 0x20);
      let p = 1;
      values.forEach((v, i) => {
        const w = widths[i]!;
        const c = this.columns[i]!;
        if (v !== null) {
          if (c.kind === 'C') cutUtf8(String(v), w).copy(rec, p);
          else if (c.kind === 'L') rec[p] = v ? 0x54 : 0x46;
          else {
            const s = (v as number).toFixed(this.decimals[i]!);
            Buffer.from(s.length > w ? String(v).slice(0, w) : s.padStart(w), 'ascii').copy(rec, p);
          }
        } else if (c.kind === 'L') rec[p] = 0x3f;
        p += w;
      });
      batch.push(rec);
      if (batch.length >= 256) {
        await write(out, Buffer.concat(batch));
        batch = [];
      }
    }
    batch.push(Buffer.from([0x1a]));
    await write(out, Buffer.concat(batch));
    await fs.promises.rm(this.tmpPath, { force: true });
  }
}

/**
 * A small zip reader and a streaming zip writer. The reader never writes an entry to disk (entry
 * names are only compared, so `../` paths are harmless), refuses encrypted and ZIP64 archives,
 * and inflates with a hard output cap: a zip bomb stops at MAX_UNPACKED_BYTES.
 */
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { IoError, invalidFile, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES, mb } from './limits.ts';
import { write } from './sink.ts';
import { isUtf8 } from './text.ts';

export interface ZipEntry {
  /** The entry's path inside the archive, `/`-separated. */
  name: string;
  /** Its declared unpacked size. */
  size: number;
  /** Unpacks the entry (counted against the archive's unpack budget). */
  read(): Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Whether the bytes start like a zip archive. */
export const looksLikeZip = (buf: Uint8Array): boolean => buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b;

function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 65_557);
  for (let i = buf.length - 22; i >= stop; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}

/** Skipped: folders and the resource forks macOS adds (`__MACOSX/`, `._name`). */
function isNoise(name: string): boolean {
  const parts = name.split('/');
  return name.endsWith('/') || parts.some((p) => p === '__MACOSX') || (parts.at(-1) ?? '').startsWith('._');
}

/**
 * Lists a zip's files.
 * @param what how the error messages name the archive ("zip", "KMZ", "XLSX")
 */
export function readZip(buf: Buffer, what = 'zip', maxUnpacked = MAX_UNPACKED_BYTES): ZipEntry[] {
  const bad = (why: string) => invalidFile(`This ${what} file is damaged or not a zip archive (${why})`);
  if (!looksLikeZip(buf)) throw bad('it does not start with a zip signature');
  const eocd = findEocd(buf);
  if (eocd < 0) throw bad('no end-of-archive record');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw bad('ZIP64 archives are not supported');
  if (count > MAX_ZIP_ENTRIES)
    throw new IoError(413, 'payload_too_large', `The ${what} holds more than ${MAX_ZIP_ENTRIES} files`);
  if (cdOffset + cdSize > eocd) throw bad('the file list lies outside the archive');
  let budget = maxUnpacked;
  let declared = 0;
  const out: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw bad('a broken file list');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const rawName = buf.subarray(p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    // Bit 11 says UTF-8; Chinese Windows writes GBK names without it.
    const name = new TextDecoder(flags & 0x800 || isUtf8(rawName) ? 'utf-8' : 'gb18030')
      .decode(rawName)
      .replace(/\\/g, '/');
    if (isNoise(name)) continue;
    // Entries are never written to disk, but a path that climbs out is a sign of a hostile file.
    if (name.startsWith('/') || /^[a-z]:/i.test(name) || name.split('/').includes('..'))
      throw invalidFile(`The ${what} has an entry with an unsafe path: "${name.slice(0, 100)}"`);
    if (flags & 0x1) throw invalidFile(`The ${what} file is password-protected: "${name}"`);
    if (method !== 0 && method !== 8) throw bad(`"${name}" uses compression method ${method}`);
    declared += size;
    if (declared > maxUnpacked)
      throw new IoError(413, 'payload_too_large', `The ${what} unpacks to more than ${mb(maxUnpacked)}`);
    out.push({
      name,
      size,
      read() {
        if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) throw bad(`"${name}" is missing`);
        const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
        if (start + compSize > buf.length) throw bad(`"${name}" is cut short`);
        const data = buf.subarray(start, start + compSize);
        let bytes: Buffer;
        if (method === 0) bytes = Buffer.from(data);
        else {
          try {
            bytes = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, Math.min(budget, size + 1)) });
          } catch (e) {
            if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
              throw new IoError(413, 'payload_too_large', `The ${what} unpacks to more than it declares (a zip bomb?)`);
            throw bad(`"${name}" cannot be unpacked`);
          }
        }
        if (bytes.length !== size || zlib.crc32(bytes) !== crc) throw bad(`"${name}" fails its checksum`);
        budget -= bytes.length;
        return bytes;
      },
    });
  }
  return out;
}

function dosDateTime(d: Date): [number, number] {
  const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2);
  const date = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  return [time, date];
}

/** Writes a zip to a stream, one deflated file after another (sizes follow each file). */
export class ZipWriter {
  private offset = 0;
  private readonly central: Buffer[] = [];
  private readonly stamp: [number, number];

  constructor(
    private readonly sink: Writable,
    now = new Date(),
  ) {
    this.stamp = dosDateTime(now);
  }

  private async put(b: Buffer): Promise<void> {
    await write(this.sink, b);
    this.offset += b.length;
  }

  /** Adds one file from its chunks (e.g. `fs.createReadStream`). */
  async add(name: string, source: AsyncIterable<Buffer | string> | Buffer): Promise<void> {
    const nameBuf = Buffer.from(name, 'utf8');
    const start = this.offset;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x808, 6); // sizes in a data descriptor; UTF-8 name
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(this.stamp[0], 10);
    local.writeUInt16LE(this.stamp[1], 12);
    local.writeUInt16LE(nameBuf.length, 26);
    await this.put(Buffer.concat([local, nameBuf]));

    let crc = 0;
    let size = 0;
    let compressed = 0;
    const deflate = zlib.createDeflateRaw({ level: 6 });
    const chunks = Buffer.isBuffer(source) ? [source] : source;
    const feeding = (async () => {
      try {
        for await (const c of chunks) {
          const b = typeof c === 'string' ? Buffer.from(c) : c;
          crc = zlib.crc32(b, crc);
          size += b.length;
          if (!deflate.write(b)) await new Promise((r) => deflate.once('drain', r));
        }
        deflate.end();
      } catch (err) {
        deflate.destroy(err as Error);
      }
    })();
    for await (const out of deflate as AsyncIterable<Buffer>) {
      await this.put(out);
      compressed += out.length;
    }
    await feeding;
    if (this.offset > 0xffffffff) throw new Error('zip larger than 4 GB');

    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(0x08074b50, 0);
    desc.writeUInt32LE(crc >>> 0, 4);
    desc.writeUInt32LE(compressed, 8);
    desc.writeUInt32LE(size, 12);
    await this.put(desc);

    const c = Buffer.alloc(46);
    c.writeUInt32LE(CENTRAL, 0);
    c.writeUInt16LE(0x314, 4); // made by: Unix, spec 2.0
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(0x808, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt16LE(this.stamp[0], 12);
    c.writeUInt16LE(this.stamp[1], 14);
    c.writeUInt32LE(crc >>> 0, 16);
    c.writeUInt32LE(compressed, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(nameBuf.length, 28);
    c.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
    c.writeUInt32LE(start, 42);
    this.central.push(Buffer.concat([c, nameBuf]));
  }

  /** Writes the file list; the caller ends the sink. */
  async finish(): Promise<void> {
    const cd = Buffer.concat(this.central);
    const cdOffset = this.offset;
    await this.put(cd);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(EOCD, 0);
    end.writeUInt16LE(this.central.length, 8);
    end.writeUInt16LE(this.central.length, 10);
    end.writeUInt32LE(cd.length, 12);
    end.writeUInt32LE(cdOffset, 16);
    await this.put(end);
  }
}

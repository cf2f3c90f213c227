/**
 * Zipped Shapefiles. Reading: every `.shp` in the zip with its `.dbf` (required), `.prj` (the CRS)
 * and `.cpg` (the encoding). Writing: one set of .shp/.shx/.dbf/.prj/.cpg per geometry type,
 * built in a temporary folder (shapefile headers need counts and extents), then zip-streamed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WGS84_PRJ } from './crs.ts';
import { DbfWriter, readDbf, type DbfKind } from './dbf.ts';
import { invalidFile } from './limits.ts';
import { crsFromPrj } from './prj.ts';
import { readShp, ShpWriter, shpTypeOf, SHP_POINT, SHP_POLYGON, SHP_POLYLINE } from './shp.ts';
import { encodingFromLabel, type TextEncoding } from './text.ts';
import type { ExportFeature, FeatureWriter, IoWarning, ParsedFile, RawRow, WriterContext } from './types.ts';
import { flatCell } from './values.ts';
import { readZip, ZipWriter, type ZipEntry } from './zip.ts';

const ext = (name: string) => path.posix.extname(name).toLowerCase();
const base = (name: string) => name.slice(0, name.length - path.posix.extname(name).length).toLowerCase();

export function readShapefileZip(buf: Buffer, forced?: TextEncoding | null): ParsedFile {
  const entries = readZip(buf, 'zip');
  const shps = entries.filter((e) => ext(e.name) === '.shp').sort((a, b) => a.name.localeCompare(b.name));
  if (!shps.length) {
    const names = entries.map((e) => e.name).slice(0, 5);
    throw invalidFile(
      `The zip holds no .shp file${names.length ? ` (it holds ${names.join(', ')})` : ' (it is empty)'}`,
    );
  }
  const sibling = (shp: ZipEntry, e: string) =>
    entries.find((x) => base(x.name) === base(shp.name) && ext(x.name) === e);
  const warnings: IoWarning[] = [];
  const prjs = new Map<string, string>();
  const rows: RawRow[] = [];
  let encoding: TextEncoding | null = null;
  const ranges: string[] = [];
  for (const shp of shps) {
    const dbf = sibling(shp, '.dbf');
    if (!dbf) throw invalidFile(`${shp.name} has no .dbf beside it: zip the .shp, .shx, .dbf and .prj together`);
    const prj = sibling(shp, '.prj');
    if (prj) prjs.set(shp.name, prj.read().toString('utf8'));
    const cpg = sibling(shp, '.cpg');
    let enc = forced ?? null;
    if (!enc && cpg) {
      const label = cpg.read().toString('latin1').trim();
      enc = encodingFromLabel(label);
      if (!enc)
        warnings.push({
          code: 'encoding',
          message: `${cpg.name} names the encoding "${label.slice(0, 30)}", which is not read here: the text was detected instead`,
        });
    }
    const { shapes } = readShp(shp.read(), shp.name);
    const table = readDbf(dbf.read(), enc, dbf.name);
    if (table.records.length !== shapes.length)
      throw invalidFile(`${shp.name} has ${shapes.length} shapes but ${dbf.name} has ${table.records.length} records`);
    if (!enc && !cpg && table.encoding === 'GBK')
      warnings.push({
        code: 'encoding',
        message: `${shp.name} has no .cpg and its text is not UTF-8: it was read as GBK`,
      });
    encoding ??= table.encoding;
    const first = rows.length + 1;
    table.records.forEach((rec, i) => {
      if (rec) rows.push({ row: first + i, geometry: shapes[i] ?? null, properties: rec });
    });
    ranges.push(`${shp.name} (rows ${first}–${first + shapes.length - 1})`);
  }
  if (shps.length > 1) warnings.push({ code: 'several_files', message: `Read ${ranges.join(', ')}` });
  const texts = [...new Set([...prjs.values()].map((t) => t.trim()))];
  if (texts.length > 1 && new Set(texts.map((t) => crsFromPrj(t).id)).size > 1)
    throw invalidFile('The shapefiles in this zip use different coordinate systems: import them one at a time');
  if (prjs.size && prjs.size < shps.length)
    warnings.push({
      code: 'missing_prj',
      message: `Some shapefiles have no .prj: all were read as ${[...prjs.keys()][0]}'s`,
    });
  return {
    format: 'shapefile',
    rows,
    declaredCrs: texts[0] ? { text: texts[0], from: 'prj' } : null,
    encoding,
    warnings,
  };
}

interface Group {
  stem: string;
  kind: 'point' | 'line' | 'polygon' | 'none';
  shp?: ShpWriter;
  handles: fs.promises.FileHandle[];
  dbf: DbfWriter;
}

const KIND: Record<number, Group['kind']> = { [SHP_POINT]: 'point', [SHP_POLYLINE]: 'line', [SHP_POLYGON]: 'polygon' };

export class ShapefileWriter implements FeatureWriter {
  private dir = '';
  private readonly groups = new Map<string, Group>();
  private readonly columns: { name: string; kind: DbfKind }[];
  /** Text values cut to 254 bytes (the DBF limit). */
  truncated = 0;

  constructor(private readonly ctx: WriterContext) {
    this.columns = ctx.fields.map((f) => ({
      name: f.dbf,
      kind: f.kind === 'int' || f.kind === 'number' ? 'N' : f.kind === 'bool' ? 'L' : 'C',
    }));
  }

  async begin(): Promise<void> {
    this.dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'xiangtu-shp-'));
  }

  private async group(type: number | null): Promise<Group> {
    const kind = type == null ? 'none' : KIND[type]!;
    let g = this.groups.get(kind);
    if (g) return g;
    const stem = path.join(this.dir, kind);
    const handles: fs.promises.FileHandle[] = [];
    let shp: ShpWriter | undefined;
    if (type != null) {
      handles.push(await fs.promises.open(`${stem}.shp`, 'w'), await fs.promises.open(`${stem}.shx`, 'w'));
      shp = new ShpWriter(handles[0]!, handles[1]!, type);
    }
    g = { stem, kind, shp, handles, dbf: new DbfWriter(`${stem}.values`, this.columns) };
    this.groups.set(kind, g);
    return g;
  }

  async write(features: ExportFeature[]): Promise<void> {
    for (const f of features) {
      const g = await this.group(shpTypeOf(f.geometry));
      await g.shp?.add(f.geometry);
      await g.dbf.add(
        this.ctx.fields.map((d) => flatCell(d, f.properties[d.key])) as (string | number | boolean | null)[],
      );
    }
  }

  async end(): Promise<void> {
    if (!this.groups.size) await this.group(null);
    const zip = new ZipWriter(this.ctx.sink, this.ctx.now);
    const single = this.groups.size === 1;
    for (const g of this.groups.values()) {
      await g.shp?.finish();
      for (const h of g.handles) await h.close();
      const out = fs.createWriteStream(`${g.stem}.dbf`);
      await g.dbf.finish(out);
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      this.truncated += g.dbf.truncated;
      const name = single ? this.ctx.name : `${this.ctx.name}_${g.kind}`;
      if (g.shp) {
        await zip.add(`${name}.shp`, fs.createReadStream(`${g.stem}.shp`));
        await zip.add(`${name}.shx`, fs.createReadStream(`${g.stem}.shx`));
      }
      await zip.add(`${name}.dbf`, fs.createReadStream(`${g.stem}.dbf`));
      if (g.shp) await zip.add(`${name}.prj`, Buffer.from(WGS84_PRJ));
      await zip.add(`${name}.cpg`, Buffer.from('UTF-8'));
    }
    await zip.finish();
    await this.abort();
  }

  async abort(): Promise<void> {
    for (const g of this.groups.values()) for (const h of g.handles) await h.close().catch(() => undefined);
    if (this.dir) await fs.promises.rm(this.dir, { recursive: true, force: true });
  }
}

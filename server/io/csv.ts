/**
 * CSV: read with papaparse (the delimiter is detected; the encoding too — UTF-8 or GBK, see
 * text.ts); written as UTF-8 with a BOM so Excel shows Chinese, English keys as headers, points
 * as lng/lat columns and other shapes as WKT (RFC 4180 quoting, CRLF).
 */
import Papa from 'papaparse';
import { formatCoord } from './geometry.ts';
import { GEOMETRY_COLUMNS } from './labels.ts';
import { invalidFile } from './limits.ts';
import { write } from './sink.ts';
import { tableRows } from './table.ts';
import { assertText, decodeText, type TextEncoding } from './text.ts';
import type { ExportFeature, FeatureWriter, ParsedFile, WriterContext } from './types.ts';
import { flatText } from './values.ts';
import { toWkt } from './wkt.ts';

export function readCsv(buf: Buffer, encoding?: TextEncoding | null): ParsedFile {
  const { text, encoding: used } = decodeText(buf, encoding);
  assertText(text, 'CSV');
  if (!text.trim()) throw invalidFile('The CSV file is empty');
  // The delimiter as papaparse guesses it (from the first lines, blank ones skipped); then the
  // whole file read with it, and blank lines (only spaces and delimiters) dropped here: papaparse's
  // own 'greedy' test joins every row's cells into a new string.
  const { delimiter } = Papa.parse<unknown[]>(text, { skipEmptyLines: 'greedy', preview: 10 }).meta;
  const parsed = Papa.parse<string[]>(text, { delimiter });
  const broken = parsed.errors.find((e) => e.type === 'Quotes');
  if (broken) throw invalidFile(`The CSV is broken near data row ${(broken.row ?? 0) + 1}: ${broken.message}`);
  const [header, ...cells] = parsed.data.filter((r) => !blank(r));
  const { rows } = tableRows(header ?? [], cells);
  return {
    format: 'csv',
    rows,
    declaredCrs: null,
    encoding: used,
    warnings:
      used === 'GBK' ? [{ code: 'encoding', message: 'The file is not UTF-8: it was read as GBK (GB18030)' }] : [],
  };
}

/** A row of nothing but spaces (what papaparse's skipEmptyLines: 'greedy' drops). */
function blank(cells: readonly string[]): boolean {
  for (const c of cells) if (c.trim() !== '') return false;
  return true;
}

function cell(s: string): string {
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Text a spreadsheet would run as a formula gets a leading `'` (CSV injection). */
const guard = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

export class CsvWriter implements FeatureWriter {
  constructor(private readonly ctx: WriterContext) {}

  private geometryHeads(): string[] {
    const { lng, lat, wkt } = GEOMETRY_COLUMNS;
    if (this.ctx.geometry === 'point') return [lng.key, lat.key];
    if (this.ctx.geometry === 'mixed') return [lng.key, lat.key, wkt.key];
    if (this.ctx.geometry === 'shape') return [wkt.key];
    return [];
  }

  async begin(): Promise<void> {
    const heads = [...this.ctx.fields.map((f) => f.key), ...this.geometryHeads()];
    await write(this.ctx.sink, `\uFEFF${heads.map(cell).join(',')}\r\n`);
  }

  async write(features: ExportFeature[]): Promise<void> {
    const lines = features.map((f) => {
      const values = this.ctx.fields.map((d) => {
        const v = f.properties[d.key];
        const s = flatText(d, v);
        return cell(typeof v === 'number' || typeof v === 'boolean' ? s : guard(s));
      });
      const g = f.geometry;
      const isPoint = g?.type === 'Point';
      const xy = isPoint ? (g.coordinates as number[]).map(formatCoord) : ['', ''];
      if (this.ctx.geometry === 'point' || this.ctx.geometry === 'mixed') values.push(...xy);
      if (this.ctx.geometry === 'mixed' || this.ctx.geometry === 'shape') values.push(g ? cell(toWkt(g)) : '');
      return values.join(',');
    });
    if (lines.length) await write(this.ctx.sink, `${lines.join('\r\n')}\r\n`);
  }

  async end(): Promise<void> {}
}

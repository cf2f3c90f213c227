/**
 * XLSX: read with exceljs (first sheet with data; the first non-empty row names the columns);
 * written with exceljs's streaming WorkbookWriter, one row at a time, with the Chinese labels of
 * labels.ts as headers.
 */
import ExcelJS from 'exceljs';
import { formatCoord } from './geometry.ts';
import { GEOMETRY_COLUMNS } from './labels.ts';
import { invalidFile } from './limits.ts';
import { tableRows } from './table.ts';
import type { ExportFeature, FeatureWriter, ParsedFile, WriterContext } from './types.ts';
import { flatCell } from './values.ts';
import { toWkt } from './wkt.ts';
import { readZip } from './zip.ts';

/** Excel's limit on one cell's text. */
export const XLSX_CELL_LIMIT = 32_767;

function cellValue(v: ExcelJS.CellValue): unknown {
  if (v == null) return null;
  if (typeof v !== 'object' || v instanceof Date) return v;
  if ('richText' in v) return v.richText.map((t) => t.text).join('');
  if ('result' in v) return cellValue((v.result ?? null) as ExcelJS.CellValue);
  if ('text' in v) return typeof v.text === 'string' ? v.text : cellValue(v.text as ExcelJS.CellValue);
  if ('error' in v) return null;
  return null;
}

export async function readXlsx(buf: Buffer): Promise<ParsedFile> {
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0xd0cf11e0)
    throw invalidFile(
      'This is an old Excel .xls file or a password-protected workbook: save it as .xlsx and try again',
    );
  // Unpack every part under the budget first, so a zip bomb never reaches exceljs.
  const parts = readZip(buf, 'XLSX');
  if (!parts.some((p) => p.name === '[Content_Types].xml')) throw invalidFile('This zip is not an Excel workbook');
  for (const p of parts) p.read();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw invalidFile(
      `The XLSX file cannot be read: ${e instanceof Error ? e.message.slice(0, 200) : 'unknown error'}`,
    );
  }
  const sheets = wb.worksheets.filter((w) => w.actualRowCount > 0);
  const ws = sheets[0];
  if (!ws) throw invalidFile('The workbook has no data');
  const width = ws.columnCount;
  const lines: { n: number; values: unknown[] }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const values: unknown[] = [];
    for (let c = 1; c <= width; c++) values.push(cellValue(row.getCell(c).value));
    if (values.some((v) => v !== null && v !== '')) lines.push({ n, values });
  });
  const [header, ...data] = lines;
  if (!header) throw invalidFile('The workbook has no data');
  const { rows } = tableRows(
    header.values,
    data.map((d) => d.values),
    data.map((d) => d.n - header.n),
  );
  const warnings =
    sheets.length > 1
      ? [{ code: 'sheets', message: `Read the sheet "${ws.name}"; ${sheets.length - 1} other sheet(s) were ignored` }]
      : [];
  return { format: 'xlsx', rows, declaredCrs: null, encoding: null, warnings };
}

export class XlsxWriter implements FeatureWriter {
  private wb!: ExcelJS.stream.xlsx.WorkbookWriter;
  private ws!: ExcelJS.Worksheet;
  /** Rows whose WKT is longer than a cell holds (left empty). */
  tooLong = 0;

  constructor(private readonly ctx: WriterContext) {}

  private geometryHeads(): string[] {
    const { lng, lat, wkt } = GEOMETRY_COLUMNS;
    const g = this.ctx.geometry;
    return [
      ...(g === 'point' || g === 'mixed' ? [lng.zh, lat.zh] : []),
      ...(g === 'mixed' || g === 'shape' ? [wkt.zh] : []),
    ];
  }

  async begin(): Promise<void> {
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: this.ctx.sink,
      useStyles: true,
      useSharedStrings: true,
    });
    this.wb.creator = 'Xiangtu 乡图';
    this.wb.created = this.ctx.now;
    this.ws = this.wb.addWorksheet(this.ctx.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    const heads = [...this.ctx.fields.map((f) => f.zh), ...this.geometryHeads()];
    this.ws.columns = heads.map((h) => ({ header: h, width: Math.min(40, Math.max(10, h.length * 2 + 2)) }));
    this.ws.getRow(1).font = { bold: true };
    this.ws.getRow(1).commit();
  }

  async write(features: ExportFeature[]): Promise<void> {
    for (const f of features) {
      const values: unknown[] = this.ctx.fields.map((d) => flatCell(d, f.properties[d.key]));
      const g = f.geometry;
      if (this.ctx.geometry === 'point' || this.ctx.geometry === 'mixed') {
        const xy = g?.type === 'Point' ? (g.coordinates as number[]).map((n) => Number(formatCoord(n))) : [null, null];
        values.push(...xy);
      }
      if (this.ctx.geometry === 'mixed' || this.ctx.geometry === 'shape') {
        const wkt = g ? toWkt(g) : null;
        if (wkt && wkt.length > XLSX_CELL_LIMIT) this.tooLong++;
        values.push(wkt && wkt.length <= XLSX_CELL_LIMIT ? wkt : null);
      }
      this.ws.addRow(values).commit();
    }
    // Let the zip stream flush between pages.
    await new Promise((r) => setImmediate(r));
  }

  async end(): Promise<void> {
    this.ws.commit();
    await this.wb.commit();
  }
}

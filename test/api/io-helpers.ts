/** Shared by the import/export tests (test/api/io-*.test.ts, import.test.ts, export.test.ts). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type request from 'supertest';
import { hashPassword } from '../../server/auth/password.ts';
import { DEMO_PASSWORD, makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';

/** supertest: collect any body as a Buffer. */
export function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

export async function download(agent: request.Agent, url: string): Promise<request.Response & { body: Buffer }> {
  return (await agent.get(url).buffer(true).parse(binary)) as request.Response & { body: Buffer };
}

export const FIXTURES = path.resolve('test/fixtures/io');
export const tmpDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'xiangtu-io-test-'));

export const HAVE_GDAL = spawnSync('ogrinfo', ['--version'], { encoding: 'utf8' }).status === 0;
if (!HAVE_GDAL)
  console.warn(
    '\n!!! ogrinfo (GDAL) is not installed: the GDAL checks of exported files are SKIPPED.\n' +
      '!!! Install it with `apt-get install gdal-bin` (.ci/run does).\n',
  );

export interface OgrResult {
  out: string;
  warnings: string[];
  count: number[];
}

function ogrResult(status: number | null, stdout: string, stderr: string): OgrResult {
  const out = `${stdout}\n${stderr}`;
  const warnings = out.split('\n').filter((l) => /warning|error/i.test(l));
  const count = [...out.matchAll(/^Feature Count: (\d+)/gm)].map((m) => Number(m[1]));
  if (status !== 0) warnings.push(`ogrinfo exited ${status}`);
  return { out, warnings, count };
}

/** `ogrinfo -ro -al` on a file: reads every feature; the output and whether anything warned. */
export function ogrinfo(file: string, extra: string[] = []): OgrResult {
  const r = spawnSync('ogrinfo', ['-ro', '-al', ...extra, file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return ogrResult(r.status, r.stdout, r.stderr);
}

const xmlEscape = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * Reads many files in ONE `ogrinfo` run (GDAL starts in ~0.2 s of CPU; 50 starts would cost
 * seconds): an OGR VRT lists each file's layer, GDAL opens every file with its own driver and
 * reads every feature. Returns each source's section of the output, and every warning line.
 */
export function ogrinfoMany(
  dir: string,
  sources: { name: string; file: string; layer: string; options?: Record<string, string> }[],
): { sections: Map<string, OgrResult>; warnings: string[] } {
  const layers = sources.map((s) => {
    const oo = Object.entries(s.options ?? {})
      .map(([k, v]) => `<OOI key="${k}">${xmlEscape(v)}</OOI>`)
      .join('');
    return (
      `<OGRVRTLayer name="${xmlEscape(s.name)}"><SrcDataSource>${xmlEscape(s.file)}</SrcDataSource>` +
      `<SrcLayer>${xmlEscape(s.layer)}</SrcLayer>${oo ? `<OpenOptions>${oo}</OpenOptions>` : ''}</OGRVRTLayer>`
    );
  });
  const vrt = path.join(dir, 'all.vrt');
  fs.writeFileSync(vrt, `<OGRVRTDataSource>\n${layers.join('\n')}\n</OGRVRTDataSource>\n`);
  const all = ogrinfo(vrt);
  const sections = new Map<string, OgrResult>();
  for (const part of all.out.split(/^Layer name: /m).slice(1)) {
    const name = part.slice(0, part.indexOf('\n')).trim();
    sections.set(name, ogrResult(0, part, ''));
  }
  return { sections, warnings: all.warnings };
}

/** An empty, migrated database with one admin (`admin` / the demo password). */
export async function freshApp(): Promise<{ t: TestApp; admin: request.Agent }> {
  const t = await makeTestApp();
  const at = new Date().toISOString();
  await t.db.knex('users').insert({
    username: 'admin',
    display_name: 'admin',
    password_hash: await hashPassword(DEMO_PASSWORD),
    role: 'admin',
    township_ids: '[]',
    created_at: at,
    updated_at: at,
  });
  return { t, admin: await signedIn(t.app, 'admin') };
}

/** Rows in the tables an import writes to: equal before and after means nothing was written. */
export async function writeCounts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['revisions', 'imports', 'villages', 'assets', 'townships', 'stations', 'secretaries']) {
    const row = (await t.db.knex(table).count({ n: '*' }).first()) as { n: number };
    out[table] = Number(row.n);
  }
  const v = (await t.db.knex('villages').max({ m: 'version' }).first()) as { m: number };
  out.maxVillageVersion = Number(v.m ?? 0);
  return out;
}

/**
 * Where imported rows land (docs/io.md "Warnings"): rows outside their township, and a hint when
 * another of the Chinese web systems (WGS-84, GCJ-02, BD-09) would put far fewer of them outside.
 */
import type { LayerName } from '../../common/schemas/layers.ts';
import { insideArea, type Area } from '../io/crs-checks.ts';
import { BD09, GCJ02, WGS84, type Crs } from '../io/crs.ts';
import { convertGeometry } from '../io/convert.ts';
import { interiorPoint, type Pos } from '../io/geometry.ts';
import type { IoWarning, RawGeometry } from '../io/types.ts';
import type { IoRepository } from '../repositories/io-repository.ts';

interface Placed {
  row: number;
  geometry: RawGeometry | null;
  item: { properties: Record<string, unknown>; key?: { value: string } };
}

const MAX_ROW_WARNINGS = 100;
const MAX_FIT_ROWS = 2000;

/** A point that stands for a shape: the point itself, a point inside a polygon, a line's middle vertex. */
function representative(g: RawGeometry): Pos | null {
  const c = g.coordinates as unknown[];
  if (g.type === 'Point') return c as Pos;
  if (g.type === 'Polygon' || g.type === 'MultiPolygon')
    return interiorPoint(g as { type: string; coordinates: unknown });
  if (g.type === 'LineString') return (c[Math.floor(c.length / 2)] as Pos) ?? null;
  return null;
}

export async function locationWarnings(
  io: IoRepository,
  layer: LayerName,
  rows: Placed[],
  raw: (RawGeometry | null)[],
  crs: Crs,
  swap: boolean,
): Promise<IoWarning[]> {
  if (layer === 'townships' || layer === 'secretaries') return [];
  const areas: Area[] = await io.townshipShapes();
  if (!areas.length) return [];
  const byId = new Map(areas.map((a) => [a.id, a]));
  const villageIds = rows.map((r) => r.item.properties.village_id).filter((v): v is number => typeof v === 'number');
  const villageTownship =
    layer === 'assets' ? await io.villageTownships([...new Set(villageIds)]) : new Map<number, number>();
  // A village row that names no township keeps the one stored for its code.
  const storedTownship = new Map<string, number>();
  if (layer === 'villages') {
    const codes = rows.filter((r) => r.item.properties.township_id == null && r.item.key).map((r) => r.item.key!.value);
    const ids = await io.idsBy('villages', 'code', [...new Set(codes)]);
    const townships = await io.villageTownships([...ids.values()].flat());
    for (const [code, [id]] of ids) if (id != null && townships.has(id)) storedTownship.set(code, townships.get(id)!);
  }
  const expected = (r: Placed): Area | undefined => {
    const p = r.item.properties;
    const id =
      layer === 'assets'
        ? villageTownship.get(Number(p.village_id))
        : (p.township_id ?? (r.item.key ? storedTownship.get(r.item.key.value) : undefined));
    return typeof id === 'number' ? byId.get(id) : undefined;
  };
  const fits = (p: Pos, want: Area | undefined) => (want ? insideArea(p, want) : areas.some((a) => insideArea(p, a)));

  const out: IoWarning[] = [];
  const placed = rows.filter((r) => r.geometry);
  let outside = 0;
  for (const r of placed) {
    const p = representative(r.geometry!);
    const want = expected(r);
    if (!p || fits(p, want)) continue;
    outside++;
    if (outside <= MAX_ROW_WARNINGS)
      out.push({
        code: 'outside_township',
        row: r.row,
        path: 'geometry',
        message: want ? `lies outside its township ${want.name}` : 'lies outside every township',
      });
  }
  if (!outside) return out;
  out.unshift({
    code: 'outside_township',
    message: `${outside} of ${placed.length} rows lie outside their township: check the coordinate system`,
  });

  // Would another web system fit better? Only meaningful among the degree-based ones.
  if (crs.kind === 'projected' || outside < 3) return out;
  const sample = rows
    .map((r, i) => ({ r, g: raw[i] }))
    .filter((x) => x.g && x.r.geometry)
    .slice(0, MAX_FIT_ROWS);
  const count = (c: Crs) =>
    sample.filter(({ r, g }) => {
      const conv = convertGeometry(g!, c, swap);
      const p = conv.ok ? representative(conv.geometry) : null;
      return p != null && !fits(p, expected(r));
    }).length;
  const mine = count(crs);
  const family = (c: Crs) => (c.kind === 'geographic' ? 'wgs' : c.kind);
  const [best] = [WGS84, GCJ02, BD09]
    .filter((c) => family(c) !== family(crs))
    .map((c) => ({ crs: c, outside: count(c) }))
    .sort((a, b) => a.outside - b.outside);
  if (best && best.outside <= mine / 2)
    out.push({
      code: 'crs_mismatch',
      message:
        `Read as ${crs.name}, ${mine} of ${sample.length} rows lie outside their township; read as ${best.crs.name}, ` +
        `${best.outside} do. Is the file in ${best.crs.name}? Import again with crs=${best.crs.id}.`,
    });
  return out;
}

import { ASSET_SUBTYPES, CHAIN_STAGES, TARGET_VILLAGE_FLAGS } from '../../../common/enums.ts';
import { convexHull, coordsBBox, geometryAreaM2, m2ToMu, positionsOf } from '../../../common/geo.ts';
import { pointInArea, rewind } from '../../../common/geometry-checks.ts';
import type { LayerName } from '../../../common/schemas/layers.ts';
import { canSeePhone, type Scope } from '../../auth/policy.ts';
import type { Row, Tx } from '../../repositories/feature-repository.ts';
import type { LookupRepository } from '../../repositories/lookup-repository.ts';
import { LAYERS } from '../../repositories/layer-specs.ts';
import { incomeBand } from '../../../common/income.ts';
import { addDays, secretaryState, TERM_ENDING_DAYS } from '../../../common/secretary-state.ts';
import {
  FIRST,
  firstSecretary,
  SECRETARY_END,
  lastTermEnd,
  SECRETARY_NAME,
  secretaryStateFromLastSql,
} from '../../repositories/village-sql.ts';
import type { LayerBehaviour, ListExtras, Snapshot } from './types.ts';

const NO_SCOPE: Scope = { townshipIds: [], villageIds: [] };

function bboxColumns(...geoms: ({ coordinates: unknown } | null | undefined)[]): Row {
  const boxes = geoms.filter((g) => g != null).map((g) => coordsBBox(g.coordinates));
  if (!boxes.length) return { minx: null, miny: null, maxx: null, maxy: null };
  return {
    minx: Math.min(...boxes.map((b) => b[0])),
    miny: Math.min(...boxes.map((b) => b[1])),
    maxx: Math.max(...boxes.map((b) => b[2])),
    maxy: Math.max(...boxes.map((b) => b[3])),
  };
}

const rewound = (s: Snapshot): Snapshot => (s.geometry ? { ...s, geometry: rewind(s.geometry) } : s);

async function villageScope(villageId: unknown, lookups: LookupRepository, tx?: Tx): Promise<Scope> {
  if (typeof villageId !== 'number') return NO_SCOPE;
  const t = (await lookups.villageTownships([villageId], tx)).get(villageId);
  return { townshipIds: t == null ? [] : [t], villageIds: [villageId] };
}

async function villagesScope(villageIds: number[], lookups: LookupRepository, tx?: Tx): Promise<Scope> {
  const map = await lookups.villageTownships(villageIds, tx);
  return { townshipIds: [...new Set(map.values())], villageIds };
}

async function nodesScope(nodeIds: number[], lookups: LookupRepository, tx?: Tx): Promise<Scope> {
  const villages: number[] = [];
  const townshipIds = new Set<number>();
  let unresolved = false;
  for (const id of nodeIds) {
    const v = await lookups.column<number | null>('chain_nodes', id, 'village_id', tx);
    if (v != null) {
      villages.push(Number(v));
      continue;
    }
    const g = await lookups.column<string>('chain_nodes', id, 'geometry', tx);
    const s = g
      ? await pointScope(JSON.parse(g) as { coordinates: number[] }, lookups, tx)
      : { ...NO_SCOPE, unresolved: true };
    s.townshipIds.forEach((t) => townshipIds.add(t));
    if (s.unresolved) unresolved = true;
  }
  (await villagesScope(villages, lookups, tx)).townshipIds.forEach((t) => townshipIds.add(t));
  return { townshipIds: [...townshipIds], villageIds: villages, unresolved };
}

/**
 * A free point's township: the one whose boundary holds it (holes excluded; the lowest id where
 * boundaries overlap), as `GET /api/townships/at` answers.
 */
async function pointScope(point: { coordinates: number[] }, lookups: LookupRepository, tx?: Tx): Promise<Scope> {
  for (const t of await lookups.townshipsAt(point.coordinates, tx)) {
    if (pointInArea(point.coordinates, JSON.parse(t.geometry) as { type: string; coordinates: unknown }))
      return { townshipIds: [Number(t.id)], villageIds: [] };
  }
  return { ...NO_SCOPE, unresolved: true };
}

const townships: LayerBehaviour = {
  spec: LAYERS.townships,
  prepare: rewound,
  dependents: [
    ['villages', 'township_id'],
    ['stations', 'township_id'],
  ],
  async scope(_s, _l, _tx) {
    return NO_SCOPE;
  },
};

/**
 * A village's derived properties: its township's name and code, income band, and first-secretary
 * state (from the first secretaries in post and the village's flags).
 */
const villageExtras: ListExtras = {
  keys: [
    'township_name',
    'township_code',
    'operating_income',
    'income_band',
    'has_boundary',
    'secretary_state',
    'secretary_name',
    'secretary_term_end',
  ],
  inputs: {
    id: { sql: 't.id' },
    township_id: { sql: 't.township_id' },
    flags: { json: 'flags' },
    has_boundary: { sql: 't.boundary IS NOT NULL' },
  },
  geometryColumn: (ctx) => (ctx.geom === 'boundary' ? 'boundary' : 'location'),
  async compute(rows, ctx) {
    // Both at once, on two of the read connections.
    const [townships, secretaries] = await Promise.all([
      ctx.lookups.townships([...new Set(rows.map((r) => Number(r.township_id)))]),
      ctx.lookups.firstSecretaries(rows.map((r) => Number(r.id))),
    ]);
    const posted = new Map<number, { name: string; term_end: string | null }[]>();
    for (const s of secretaries) {
      const list = posted.get(Number(s.village_id)) ?? [];
      list.push(s);
      posted.set(Number(s.village_id), list);
    }
    return rows.map((row) => {
      const t = townships.get(Number(row.township_id));
      const operating = row.operating_income == null ? null : Number(row.operating_income);
      const secs = posted.get(Number(row.id)) ?? [];
      const { state, index } = secretaryState(
        (row.flags as string[] | null) ?? [],
        secs.map((s) => s.term_end),
        ctx.today,
      );
      return {
        township_name: t?.name ?? '',
        township_code: t?.code ?? '',
        operating_income: operating,
        income_band: incomeBand(operating, ctx.settings.income_thresholds),
        has_boundary: Boolean(row.has_boundary),
        secretary_state: state,
        secretary_name: secs[index]?.name ?? null,
        secretary_term_end: secs[index]?.term_end ?? null,
      };
    });
  },
  sql(ctx, dialect) {
    const { shell, weak, strong } = ctx.settings.income_thresholds;
    const township = (column: string) =>
      `COALESCE((SELECT tw.${column} FROM townships tw WHERE tw.id = v.township_id), '')`;
    const income = 'v.operating_income';
    return {
      inner: {
        has_boundary: { sql: 't.boundary IS NOT NULL' },
        sec_id: { sql: firstSecretary(dialect.textOrder), bindings: FIRST },
        sec_last: { sql: lastTermEnd(dialect.textOrder), bindings: FIRST },
      },
      members: [
        { key: 'township_name', sql: township('name'), kind: 'text', uses: ['township_id'] },
        { key: 'township_code', sql: township('code'), kind: 'text', uses: ['township_id'] },
        { key: 'operating_income', sql: income, kind: 'float', uses: ['operating_income'] },
        {
          key: 'income_band',
          // As incomeBand (common/income.ts).
          sql: `CASE WHEN ${income} IS NULL THEN NULL WHEN ${income} < ? THEN '空壳村' WHEN ${income} < ? THEN '薄弱村' WHEN ${income} < ? THEN '一般村' ELSE '强村' END`,
          bindings: [shell, weak, strong],
          kind: 'text',
          uses: ['operating_income'],
        },
        { key: 'has_boundary', sql: 'v.has_boundary', kind: 'boolean', uses: ['has_boundary'] },
        {
          key: 'secretary_state',
          sql: secretaryStateFromLastSql(dialect, TARGET_VILLAGE_FLAGS.length),
          bindings: [...TARGET_VILLAGE_FLAGS, addDays(ctx.today, TERM_ENDING_DAYS)],
          kind: 'text',
          uses: ['sec_last', 'flags'],
        },
        { key: 'secretary_name', sql: SECRETARY_NAME, kind: 'text', uses: ['sec_id'] },
        { key: 'secretary_term_end', sql: SECRETARY_END, kind: 'text', uses: ['sec_id'] },
      ],
    };
  },
};

const villages: LayerBehaviour = {
  spec: LAYERS.villages,
  prepare(s) {
    const b = s.properties.boundary as Snapshot['geometry'];
    // No boundary (most rows of an import): nothing to rewind, no copy.
    if (!b && s.properties.boundary === null) return s;
    return { ...s, properties: { ...s.properties, boundary: b ? rewind(b) : null } };
  },
  toColumns(s) {
    // Once per row of an import: a plain loop, no rest/spread copies or sorted array.
    const out: Row = {};
    const props = s.properties;
    for (const k in props) if (k !== 'boundary') out[k] = props[k];
    const boundary = props.boundary as Snapshot['geometry'];
    // The latest year's figures (the first listed of that year).
    let latest: { year: number; operating: number | null } | undefined;
    for (const y of (props.incomes ?? []) as { year: number; operating: number | null }[])
      if (!latest || y.year > latest.year) latest = y;
    const coords = (s.geometry as { coordinates: number[] }).coordinates;
    out.location = JSON.stringify(s.geometry);
    out.lng = coords[0];
    out.lat = coords[1];
    out.boundary = boundary ? JSON.stringify(boundary) : null;
    if (boundary) Object.assign(out, bboxColumns(s.geometry, boundary));
    else Object.assign(out, { minx: coords[0], miny: coords[1], maxx: coords[0], maxy: coords[1] });
    out.operating_income = latest?.operating ?? null;
    out.income_year = latest?.year ?? null;
    return out;
  },
  async scope(s, _lookups, _tx, id) {
    return { townshipIds: [Number(s.properties.township_id)], villageIds: id == null ? [] : [id] };
  },
  listExtras: villageExtras,
  async decorate(features, rows, ctx) {
    const extras = await villageExtras.compute(
      rows.map((r) => ({ ...r, has_boundary: r.boundary != null })),
      ctx,
    );
    features.forEach((f, i) => {
      Object.assign(f.properties, extras[i]);
      if (ctx.geom === 'boundary') f.geometry = rows[i]!.boundary ? JSON.parse(String(rows[i]!.boundary)) : null;
    });
  },
  dependents: [
    ['assets', 'village_id'],
    ['secretaries', 'village_id'],
    ['stations', 'village_id'],
    ['chain_nodes', 'village_id'],
  ],
};

const assets: LayerBehaviour = {
  spec: LAYERS.assets,
  prepare(s) {
    const g = s.geometry ? rewind(s.geometry) : null;
    const props = { ...s.properties };
    const sub = ASSET_SUBTYPES[props.subtype as keyof typeof ASSET_SUBTYPES];
    // A drawn polygon's area is computed: in 亩 for land, in m² for buildings, unless given.
    if (g && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
      const m2 = geometryAreaM2(g);
      if (sub?.land && props.area_mu == null) props.area_mu = Math.round(m2ToMu(m2) * 100) / 100;
      if (!sub?.land && props.area_m2 == null) props.area_m2 = Math.round(m2 * 10) / 10;
    }
    return { geometry: g, properties: props };
  },
  async scope(s, lookups, tx) {
    return villageScope(s.properties.village_id, lookups, tx);
  },
  filters: { subtype: 'subtype', category: 'category', operation_mode: 'operation_mode' },
};

const secretaries: LayerBehaviour = {
  spec: LAYERS.secretaries,
  async scope(s, lookups, tx) {
    return villageScope(s.properties.village_id, lookups, tx);
  },
  async decorate(features, rows, ctx) {
    const shapes = await ctx.lookups.villageShapes([...new Set(rows.map((r) => Number(r.village_id)))]);
    features.forEach((f, i) => {
      const row = rows[i]!;
      // Shown at their village.
      const v = shapes.get(Number(row.village_id));
      f.geometry = v ? JSON.parse(v.location) : null;
      if (!canSeePhone(ctx.user, f.id)) {
        f.properties.phone = null;
        f.properties.phone_hidden = true;
      }
    });
  },
  dependents: [['assessments', 'secretary_id']],
  filters: { status: 'status', role: 'role' },
};

const assessments: LayerBehaviour = {
  spec: LAYERS.assessments,
  async scope(s, lookups, tx) {
    const v = await lookups.column<number>('secretaries', Number(s.properties.secretary_id), 'village_id', tx);
    return villageScope(v == null ? undefined : Number(v), lookups, tx);
  },
  filters: { secretary: 'secretary_id', year: 'year' },
};

/** A station's radius: its own, or the configured default. */
const stationExtras: ListExtras = {
  keys: ['effective_radius_m'],
  inputs: { service_radius_m: { sql: 't.service_radius_m' } },
  async compute(rows, ctx) {
    return rows.map((r) => ({ effective_radius_m: r.service_radius_m ?? ctx.settings.default_service_radius_m }));
  },
  sql: (ctx) => ({
    inner: {
      effective_radius_m: { sql: 'COALESCE(t.service_radius_m, ?)', bindings: [ctx.settings.default_service_radius_m] },
    },
    members: [{ key: 'effective_radius_m', sql: 'v.effective_radius_m', kind: 'float', uses: ['effective_radius_m'] }],
  }),
};

const stations: LayerBehaviour = {
  spec: LAYERS.stations,
  async scope(s) {
    const v = s.properties.village_id;
    return { townshipIds: [Number(s.properties.township_id)], villageIds: typeof v === 'number' ? [v] : [] };
  },
  listExtras: stationExtras,
  async decorate(features, rows, ctx) {
    const extras = await stationExtras.compute(rows, ctx);
    features.forEach((f, i) => Object.assign(f.properties, extras[i]));
  },
  filters: { level: 'level' },
};

const chains: LayerBehaviour = {
  spec: LAYERS.chains,
  async scope(_s, lookups, tx, id) {
    if (id == null) return NO_SCOPE;
    const nodeIds = (await lookups.columnMany('chain_nodes', 'id', { chain_id: id }, tx)).map(Number);
    return nodesScope(nodeIds, lookups, tx);
  },
  async decorate(features, _rows, ctx) {
    // A chain record carries its nodes and links (ARCHITECTURE.md: GET /api/chains).
    const { nodes, links } = await ctx.lookups.chainParts(features.map((f) => f.id));
    for (const f of features) {
      const own = nodes.filter((n) => Number(n.chain_id) === f.id);
      f.properties.nodes = own.map(({ geometry, chain_id: _c, ...n }) => ({
        ...n,
        lngLat: (JSON.parse(String(geometry)) as { coordinates: number[] }).coordinates,
      }));
      f.properties.links = links.filter((l) => Number(l.chain_id) === f.id).map(({ chain_id: _c, ...l }) => l);
      const present = new Set(own.map((n) => String(n.stage)));
      f.properties.stages = CHAIN_STAGES.filter((st) => present.has(st));
    }
  },
  dependents: [
    ['chain_nodes', 'chain_id'],
    ['chain_links', 'chain_id'],
  ],
};

const chainNodes: LayerBehaviour = {
  spec: LAYERS['chain-nodes'],
  async scope(s, lookups, tx) {
    if (typeof s.properties.village_id === 'number') return villageScope(s.properties.village_id, lookups, tx);
    return pointScope(s.geometry as { coordinates: number[] }, lookups, tx);
  },
  dependents: [
    ['chain_links', 'from_node_id'],
    ['chain_links', 'to_node_id'],
  ],
  filters: { chain: 'chain_id', stage: 'stage' },
};

const chainLinks: LayerBehaviour = {
  spec: LAYERS['chain-links'],
  async scope(s, lookups, tx) {
    return nodesScope([Number(s.properties.from_node_id), Number(s.properties.to_node_id)], lookups, tx);
  },
  async decorate(features, rows, ctx) {
    const ids = [...new Set(rows.flatMap((r) => [Number(r.from_node_id), Number(r.to_node_id)]))];
    const geoms = await ctx.lookups.nodeGeometries(ids);
    features.forEach((f, i) => {
      const a = geoms.get(Number(rows[i]!.from_node_id));
      const b = geoms.get(Number(rows[i]!.to_node_id));
      f.geometry =
        a && b ? { type: 'LineString', coordinates: [JSON.parse(a).coordinates, JSON.parse(b).coordinates] } : null;
    });
  },
  filters: { chain: 'chain_id' },
};

const alliances: LayerBehaviour = {
  spec: LAYERS.alliances,
  virtualKeys: ['member_village_ids'],
  async loadVirtual(rows, lookups, tx) {
    const members = await lookups.allianceMembers(
      rows.map((r) => Number(r.id)),
      tx,
    );
    return new Map(rows.map((r) => [Number(r.id), { member_village_ids: members.get(Number(r.id)) ?? [] }]));
  },
  async afterWrite(tx, id, s, lookups) {
    await lookups.setAllianceMembers(tx, id, (s.properties.member_village_ids as number[]) ?? []);
  },
  async scope(s, lookups, tx) {
    const ids = [...((s.properties.member_village_ids as number[]) ?? [])];
    if (typeof s.properties.lead_village_id === 'number') ids.push(s.properties.lead_village_id);
    return villagesScope([...new Set(ids)], lookups, tx);
  },
  async decorate(features, _rows, ctx) {
    const all = [...new Set(features.flatMap((f) => f.properties.member_village_ids as number[]))];
    const shapes = await ctx.lookups.villageShapes(all);
    for (const f of features) {
      const pts: number[][] = [];
      for (const v of f.properties.member_village_ids as number[]) {
        const s = shapes.get(v);
        if (!s) continue;
        positionsOf(JSON.parse(s.boundary ?? s.location).coordinates, pts);
      }
      const ring = convexHull(pts);
      f.geometry = ring ? { type: 'Polygon', coordinates: [ring] } : null;
      f.properties.member_count = (f.properties.member_village_ids as number[]).length;
    }
  },
  filters: { status: 'status', type: 'type' },
};

export const BEHAVIOURS: Record<LayerName, LayerBehaviour> = {
  townships,
  villages,
  assets,
  secretaries,
  assessments,
  stations,
  chains,
  'chain-nodes': chainNodes,
  'chain-links': chainLinks,
  alliances,
};

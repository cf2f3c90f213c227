import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import type { Database } from '../connection.ts';
import { hashPassword } from '../../auth/password.ts';
import { coordsBBox } from '../../../common/geo.ts';

/** The demo accounts created with the sample data (README lists them; change their passwords). */
export const DEMO_PASSWORD = 'xiangtu-demo';
export const DEMO_SECRETARY_VILLAGE = '羊草沟村';

type Json = Record<string, unknown>;
interface GeoFeature {
  geometry: { type: string; coordinates: unknown } | null;
  properties: Json;
}

const SEED_USER = 'sample-data';

function readFeatures(dir: string, file: string): GeoFeature[] {
  return (JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { features: GeoFeature[] }).features;
}

function bboxCols(...geoms: ({ coordinates: unknown } | null | undefined)[]) {
  const boxes = geoms.filter((g) => g != null).map((g) => coordsBBox(g.coordinates));
  return {
    minx: Math.min(...boxes.map((b) => b[0])),
    miny: Math.min(...boxes.map((b) => b[1])),
    maxx: Math.max(...boxes.map((b) => b[2])),
    maxy: Math.max(...boxes.map((b) => b[3])),
  };
}

function pick(p: Json, keys: readonly string[]): Json {
  const out: Json = {};
  for (const k of keys) out[k] = p[k] ?? null;
  return out;
}

const json = (v: unknown) => JSON.stringify(v ?? []);

/** Inserts in batches (SQLite caps bound variables per statement). */
async function insertMany(trx: Knex.Transaction, table: string, rows: Json[]): Promise<number[]> {
  const ids: number[] = [];
  for (const row of rows) {
    const [id] = await trx(table).insert(row).returning('id');
    ids.push(typeof id === 'object' ? Number((id as { id: number }).id) : Number(id));
  }
  return ids;
}

/**
 * Loads data/sample into an empty database in one transaction, with the demo accounts.
 * @returns counts per table
 */
export async function seedSample(db: Database, dir: string, now: Date = new Date()): Promise<Record<string, number>> {
  const at = now.toISOString();
  const meta = { version: 1, created_at: at, created_by: SEED_USER, updated_at: at, updated_by: SEED_USER };
  const demoHash = await hashPassword(DEMO_PASSWORD);

  return db.knex.transaction(async (trx) => {
    const townshipId = new Map<string, number>();
    const villageId = new Map<string, number>();
    const counts: Record<string, number> = {};

    const townships = readFeatures(dir, 'townships.geojson');
    for (const f of townships) {
      const [id] = await insertMany(trx, 'townships', [
        {
          ...pick(f.properties, ['code', 'name', 'county']),
          geometry: JSON.stringify(f.geometry),
          ...bboxCols(f.geometry),
          ...meta,
        },
      ]);
      townshipId.set(String(f.properties.code), id!);
    }
    counts.townships = townships.length;

    const villages = readFeatures(dir, 'villages.geojson');
    for (const f of villages) {
      const p = f.properties;
      const boundary = (p.boundary as GeoFeature['geometry']) ?? null;
      const incomes = (p.incomes as { year: number; operating: number | null }[]) ?? [];
      const latest = [...incomes].sort((a, b) => b.year - a.year)[0];
      const [id] = await insertMany(trx, 'villages', [
        {
          ...pick(p, [
            'code',
            'code_edition',
            'name',
            'registered_population',
            'resident_population',
            'households',
            'party_members',
            'notes',
          ]),
          township_id: townshipId.get(String(p.township_code)),
          location: JSON.stringify(f.geometry),
          lng: (f.geometry!.coordinates as number[])[0],
          lat: (f.geometry!.coordinates as number[])[1],
          boundary: boundary ? JSON.stringify(boundary) : null,
          ...bboxCols(f.geometry, boundary),
          incomes: json(incomes),
          operating_income: latest?.operating ?? null,
          income_year: latest?.year ?? null,
          flags: json(p.flags),
          honours: json(p.honours),
          ...meta,
        },
      ]);
      villageId.set(String(p.code), id!);
    }
    counts.villages = villages.length;

    const assets = readFeatures(dir, 'assets.geojson');
    await insertMany(
      trx,
      'assets',
      assets.map((f) => ({
        ...pick(f.properties, [
          'external_id',
          'category',
          'subtype',
          'name',
          'area_mu',
          'area_m2',
          'book_value',
          'ownership',
          'operation_mode',
          'lessee',
          'contract_start',
          'contract_end',
          'annual_income',
          'source',
          'notes',
        ]),
        village_id: villageId.get(String(f.properties.village_code)),
        geometry: JSON.stringify(f.geometry),
        ...bboxCols(f.geometry),
        photos: json(f.properties.photos),
        ...meta,
      })),
    );
    counts.assets = assets.length;

    const secretaries = readFeatures(dir, 'secretaries.geojson');
    const secretaryId = new Map<string, number>(); // "village code/name" → id, for the demo account
    let assessments = 0;
    for (const f of secretaries) {
      const p = f.properties;
      const [sid] = await insertMany(trx, 'secretaries', [
        {
          ...pick(p, [
            'name',
            'gender',
            'role',
            'unit',
            'unit_level',
            'batch',
            'term_start',
            'term_end',
            'status',
            'phone',
            'notes',
          ]),
          village_id: villageId.get(String(p.village_code)),
          ...meta,
        },
      ]);
      if (p.role === '第一书记') secretaryId.set(String(p.village_code), sid!);
      const list = (p.assessments as Json[]) ?? [];
      await insertMany(
        trx,
        'assessments',
        list.map((a) => ({ ...pick(a, ['year', 'grade', 'score', 'days_in_village']), secretary_id: sid, ...meta })),
      );
      assessments += list.length;
    }
    counts.secretaries = secretaries.length;
    counts.assessments = assessments;

    const stations = readFeatures(dir, 'stations.geojson');
    await insertMany(
      trx,
      'stations',
      stations.map((f) => ({
        ...pick(f.properties, [
          'name',
          'level',
          'building_area',
          'hall_area',
          'activity_room_area',
          'square_area',
          'opening_hours',
          'staff_on_duty',
          'service_items',
          'service_radius_m',
        ]),
        township_id: townshipId.get(String(f.properties.township_code)),
        village_id: f.properties.village_code == null ? null : villageId.get(String(f.properties.village_code)),
        functions: json(f.properties.functions),
        geometry: JSON.stringify(f.geometry),
        ...bboxCols(f.geometry),
        ...meta,
      })),
    );
    counts.stations = stations.length;

    const chains = JSON.parse(fs.readFileSync(path.join(dir, 'chains.json'), 'utf8')) as (Json & {
      key: string;
      links: Json[];
    })[];
    const chainId = new Map<string, number>();
    for (const c of chains) {
      const [id] = await insertMany(trx, 'chains', [
        { ...pick(c, ['name', 'lead_product', 'level', 'description']), ...meta },
      ]);
      chainId.set(c.key, id!);
    }
    const nodeId = new Map<string, number>();
    const nodes = readFeatures(dir, 'chain-nodes.geojson');
    for (const f of nodes) {
      const p = f.properties;
      const [id] = await insertMany(trx, 'chain_nodes', [
        {
          ...pick(p, ['name', 'stage', 'operator', 'capacity', 'capacity_unit']),
          chain_id: chainId.get(String(p.chain_key)),
          village_id: p.village_code == null ? null : villageId.get(String(p.village_code)),
          geometry: JSON.stringify(f.geometry),
          ...bboxCols(f.geometry),
          ...meta,
        },
      ]);
      nodeId.set(String(p.key), id!);
    }
    let links = 0;
    for (const c of chains) {
      await insertMany(
        trx,
        'chain_links',
        c.links.map((l) => ({
          ...pick(l, ['product', 'volume', 'volume_unit', 'mode']),
          chain_id: chainId.get(c.key),
          from_node_id: nodeId.get(String(l.from)),
          to_node_id: nodeId.get(String(l.to)),
          ...meta,
        })),
      );
      links += c.links.length;
    }
    counts.chains = chains.length;
    counts.chain_nodes = nodes.length;
    counts.chain_links = links;

    const alliances = JSON.parse(fs.readFileSync(path.join(dir, 'alliances.json'), 'utf8')) as Json[];
    for (const a of alliances) {
      const [id] = await insertMany(trx, 'alliances', [
        {
          ...pick(a, [
            'name',
            'type',
            'status',
            'committee_name',
            'committee_secretary',
            'start_date',
            'benefit_rule',
            'meeting_cadence',
            'notes',
          ]),
          lead_village_id: a.lead_village_code == null ? null : villageId.get(String(a.lead_village_code)),
          partner_enterprises: json(a.partner_enterprises),
          chain_ids: json(((a.chain_keys as string[]) ?? []).map((k) => chainId.get(k))),
          ...meta,
        },
      ]);
      const members = (a.member_village_codes as string[]) ?? [];
      for (const code of members)
        await trx('alliance_members').insert({ alliance_id: id, village_id: villageId.get(code) });
    }
    counts.alliances = alliances.length;

    const firstTownship = townships[0]?.properties.code;
    const secretaryVillage = villages.find((v) => v.properties.name === DEMO_SECRETARY_VILLAGE)?.properties.code;
    const users = [
      { username: 'admin', display_name: '系统管理员', role: 'admin', township_ids: '[]', village_id: null },
      {
        username: 'official',
        display_name: `${String(townships[0]?.properties.name ?? '')}干部`,
        role: 'official',
        township_ids: json([townshipId.get(String(firstTownship))]),
        village_id: null,
      },
      { username: 'planner', display_name: '规划人员', role: 'planner', township_ids: '[]', village_id: null },
      {
        username: 'secretary',
        display_name: `${DEMO_SECRETARY_VILLAGE}第一书记`,
        role: 'secretary',
        township_ids: '[]',
        village_id: secretaryVillage ? villageId.get(String(secretaryVillage)) : null,
        secretary_id: secretaryVillage ? (secretaryId.get(String(secretaryVillage)) ?? null) : null,
      },
    ];
    await insertMany(
      trx,
      'users',
      users.map((u) => ({ ...u, password_hash: demoHash, ...meta })),
    );
    counts.users = users.length;
    return counts;
  });
}

/** True when the database holds no villages yet (first start). */
export async function isEmpty(db: Database): Promise<boolean> {
  const row = (await db.knex('villages').count({ n: '*' }).first()) as { n: number } | undefined;
  return Number(row?.n ?? 0) === 0;
}

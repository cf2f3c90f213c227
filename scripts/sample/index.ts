/**
 * The sample dataset of the fictional county 示例县: `generateSample(seed)` returns the content
 * of every file of data/sample/ (but the README), the same bytes for the same seed.
 */
import area from '@turf/area';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { ASSET_SUBTYPES } from '../../common/enums.ts';
import { M2_PER_MU } from '../../common/geo.ts';
import { buildAssets } from './assets.ts';
import { buildChains } from './chains.ts';
import { LocalPlane, closeRing, rewind, round2, type XY } from './geometry.ts';
import type { Village } from './model.ts';
import { COUNTY } from './names.ts';
import { buildTownships, placeVillageSites, villageCells } from './places.ts';
import { subRng } from './random.ts';
import { buildSecretaries } from './secretaries.ts';
import { buildStations } from './stations.ts';
import { buildVillages } from './villages.ts';

/** The seed of the committed sample. */
export const SAMPLE_SEED = 2024;
/** Where the county sits: farmland west of Shenyang (the county itself is fictional). */
export const ORIGIN: readonly [number, number] = [122.95, 41.74];
export const VILLAGE_COUNT = 60;
export const CODE_EDITION = 2024;

type Props = Record<string, unknown>;

/** A FeatureCollection with one feature per line: readable diffs, still valid JSON. */
export function featureCollectionText(features: readonly Feature[]): string {
  if (features.length === 0) return '{\n  "type": "FeatureCollection",\n  "features": []\n}\n';
  const lines = features.map((f) => `    ${JSON.stringify(f)}`);
  return `{\n  "type": "FeatureCollection",\n  "features": [\n${lines.join(',\n')}\n  ]\n}\n`;
}

function feature(properties: Props, geometry: Geometry | null): Feature {
  return { type: 'Feature', properties, geometry: geometry as Geometry };
}

/** Generates every data file; keys are file names in data/sample/. */
export function generateSample(seed: number = SAMPLE_SEED): Record<string, string> {
  const plane = new LocalPlane(ORIGIN);
  const pt = (xy: XY): Geometry => ({ type: 'Point', coordinates: plane.toLngLat(xy) });
  const areal = (g: Polygon | MultiPolygon): Polygon | MultiPolygon =>
    rewind(
      g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: plane.polygonToLngLat(g.coordinates) }
        : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => plane.polygonToLngLat(p)) },
    );

  const townships = buildTownships(subRng(seed, 'townships'));
  const sites = placeVillageSites(subRng(seed, 'sites'), townships, VILLAGE_COUNT);
  const cells = townships.map((t) => villageCells(t, sites[t.index]!));
  const { villages, roles } = buildVillages(subRng(seed, 'villages'), townships, sites, cells);
  const people = new Set<string>();
  const secretaries = buildSecretaries(subRng(seed, 'secretaries'), villages, roles, people);
  const assets = buildAssets(subRng(seed, 'assets'), villages, roles, people);
  const stations = buildStations(subRng(seed, 'stations'), townships, villages);
  const { nodes, chains, alliances } = buildChains(subRng(seed, 'chains'), roles, assets, people);

  const townshipFeatures = townships.map((t) =>
    feature({ code: t.code, name: t.name, county: COUNTY }, areal(t.polygon)),
  );

  const villageFeatures = villages.map((v) =>
    feature(
      {
        code: v.code,
        code_edition: CODE_EDITION,
        name: v.name,
        township_code: v.township.code,
        registered_population: v.registered,
        resident_population: v.resident,
        households: v.households,
        party_members: v.partyMembers,
        incomes: v.incomes,
        flags: v.flags,
        honours: v.honours,
        notes: v.notes,
        boundary: areal(v.cell),
      },
      pt(v.xy),
    ),
  );

  const perVillage = new Map<Village, number>();
  const assetFeatures = assets.map((a) => {
    const n = (perVillage.get(a.village) ?? 0) + 1;
    perVillage.set(a.village, n);
    const land = ASSET_SUBTYPES[a.subtype].land;
    const geometry: Geometry =
      a.shape.type === 'point' ? pt(a.shape.xy) : areal({ type: 'Polygon', coordinates: [closeRing(a.shape.ring)] });
    const mu = land ? round2(area(geometry as Polygon) / M2_PER_MU) : null;
    return feature(
      {
        village_code: a.village.code,
        external_id: `ZC-${a.village.code}-${String(n).padStart(2, '0')}`,
        category: ASSET_SUBTYPES[a.subtype].category,
        subtype: a.subtype,
        name: a.name,
        area_mu: mu,
        area_m2: land ? null : a.areaM2,
        book_value: a.bookValue,
        ownership: a.ownership,
        operation_mode: a.operationMode,
        lessee: a.lessee,
        contract_start: a.contractStart,
        contract_end: a.contractEnd,
        annual_income: a.annualIncome,
        source: a.source,
        photos: [],
        notes: a.notes,
      },
      geometry,
    );
  });

  const secretaryFeatures = secretaries.map((s) =>
    feature(
      {
        village_code: s.village.code,
        name: s.name,
        gender: s.gender,
        role: s.role,
        unit: s.unit,
        unit_level: s.unitLevel,
        batch: s.batch,
        term_start: s.termStart,
        term_end: s.termEnd,
        status: s.status,
        phone: s.phone,
        notes: s.notes,
        assessments: s.assessments,
      },
      null,
    ),
  );

  const stationFeatures = stations.map((s) =>
    feature(
      {
        name: s.name,
        level: s.level,
        township_code: s.township.code,
        village_code: s.village?.code ?? null,
        building_area: s.buildingArea,
        hall_area: s.hallArea,
        activity_room_area: s.activityRoomArea,
        square_area: s.squareArea,
        functions: s.functions,
        opening_hours: s.openingHours,
        staff_on_duty: s.staffOnDuty,
        service_items: s.serviceItems,
        service_radius_m: s.serviceRadiusM,
      },
      pt(s.xy),
    ),
  );

  const nodeFeatures = nodes.map((n) =>
    feature(
      {
        chain_key: n.chainKey,
        key: n.key,
        village_code: n.village?.code ?? null,
        name: n.name,
        stage: n.stage,
        operator: n.operator,
        capacity: n.capacity,
        capacity_unit: n.capacityUnit,
      },
      pt(n.xy),
    ),
  );

  return {
    'townships.geojson': featureCollectionText(townshipFeatures),
    'villages.geojson': featureCollectionText(villageFeatures),
    'assets.geojson': featureCollectionText(assetFeatures),
    'secretaries.geojson': featureCollectionText(secretaryFeatures),
    'stations.geojson': featureCollectionText(stationFeatures),
    'chain-nodes.geojson': featureCollectionText(nodeFeatures),
    'chains.json': `${JSON.stringify(chains, null, 2)}\n`,
    'alliances.json': `${JSON.stringify(alliances, null, 2)}\n`,
  };
}

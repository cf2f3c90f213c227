/**
 * Golden GeoJSON fixtures of the analyses on the sample county (data/sample/), written to
 * test/fixtures/out/. Regenerate after an intended change with
 * `UPDATE_GOLDEN=1 npx vitest run common/analysis` and review the diff.
 */
/* eslint-disable no-restricted-imports -- tests may read and write files */
import fs from 'node:fs';
import path from 'node:path';
/* eslint-enable no-restricted-imports */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SERVICE_RADIUS_M } from '../enums.ts';
import { summarizeAlliance, type AllianceSummary } from './alliance-summary.ts';
import { chainGaps, type ChainGapResult } from './chain-gaps.ts';
import { stationCoverage, summarizeCoverage, type CoverageResult } from './coverage.ts';
import { PartnerIndex, suggestPartners, type PartnerSuggestion } from './partners.ts';
import { suggestStations, type StationSuggestion } from './siting.ts';
import { roundTo } from './spatial.ts';
import { REPO_ROOT, loadSample, type Sample } from './test-sample.ts';
import { residentsOf, type LngLat } from './types.ts';

const OUT = path.join(REPO_ROOT, 'test/fixtures/out');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

type Props = Record<string, unknown>;
type Geometry = { type: string; coordinates: unknown };
type Feature = { type: 'Feature'; properties: Props; geometry: Geometry };

/** Coordinates rounded to 6 decimals (≈ 0.1 m), as in data/sample. */
const r6 = (c: unknown): unknown => (Array.isArray(c) ? c.map(r6) : roundTo(c as number, 6));
const point = (p: LngLat): Geometry => ({ type: 'Point', coordinates: r6([p[0], p[1]]) });
const feature = (properties: Props, geometry: Geometry): Feature => ({
  type: 'Feature',
  properties,
  geometry: { type: geometry.type, coordinates: r6(geometry.coordinates) },
});
const m1 = (m: number | null) => (m === null ? null : roundTo(m, 1));

/** A FeatureCollection with one feature per line (readable diffs), like data/sample. */
function fcText(name: string, features: Feature[], extra: Props = {}): string {
  const head = { type: 'FeatureCollection', name, ...extra };
  const lines = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const body = features.map((f) => `    ${JSON.stringify(f)}`).join(',\n');
  return `{\n${lines.join('\n')}\n  "features": [\n${body}\n  ]\n}\n`;
}

/** Writes the fixture under UPDATE_GOLDEN=1, else compares it with the committed one. */
function golden(file: string, text: string): void {
  const target = path.join(OUT, file);
  if (UPDATE) {
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(target, text);
    return;
  }
  expect(fs.existsSync(target), `${file} is missing: run UPDATE_GOLDEN=1 npx vitest run common/analysis`).toBe(true);
  expect(JSON.parse(text), `${file} differs: review, then UPDATE_GOLDEN=1 npx vitest run common/analysis`).toEqual(
    JSON.parse(fs.readFileSync(target, 'utf8')),
  );
}

let s: Sample;
let coverage: CoverageResult[];
const nameOf = (id: number | null) => (id === null ? null : s.villages.find((v) => v.id === id)!.name);
const stationName = (id: number | null) => (id === null ? null : s.stations.find((x) => x.id === id)!.name);

beforeAll(() => {
  s = loadSample();
  coverage = stationCoverage(s.villages, s.stations);
});

describe('golden fixtures of the sample county', () => {
  it('coverage.geojson: villages (uncovered in red), stations, townships with their totals', () => {
    const summary = summarizeCoverage(coverage, s.villages);
    const uncovered = coverage.filter((c) => !c.covered);
    expect(uncovered).toHaveLength(42); // data/sample/README.md: 42 of 60 villages outside every radius
    const features = [
      ...s.townships.map((t) => {
        const totals = summary.by_township.find((x) => x.township_id === t.id)!;
        return feature(
          { kind: 'township', id: t.id, name: t.name, ...totals, fill: '#90a4ae', 'fill-opacity': 0.1 },
          t.geometry,
        );
      }),
      ...s.stations.map((st) =>
        feature(
          {
            kind: 'station',
            id: st.id,
            name: st.name,
            level: st.level,
            radius_m: st.radius_m,
            'marker-color': '#1565c0',
            'marker-symbol': 'town-hall',
          },
          point(st.lngLat),
        ),
      ),
      ...coverage.map((c) => {
        const v = s.villages.find((x) => x.id === c.village_id)!;
        return feature(
          {
            kind: 'village',
            id: v.id,
            name: v.name,
            township_id: v.township_id,
            residents: residentsOf(v),
            covered: c.covered,
            covered_by: stationName(c.covered_by),
            nearest_station: stationName(c.nearest_station_id),
            nearest_distance_m: m1(c.nearest_distance_m),
            'marker-color': c.covered ? '#2e7d32' : '#d32f2f',
          },
          point(v.lngLat),
        );
      }),
    ];
    golden(
      'coverage.geojson',
      fcText('station-coverage', features, { default_radius_m: DEFAULT_SERVICE_RADIUS_M, overall: summary.overall }),
    );
  });

  it('station-suggestions.geojson: the 3 sites that newly cover the most residents', () => {
    const picks: StationSuggestion[] = suggestStations(s.villages, coverage, {
      k: 3,
      radius_m: DEFAULT_SERVICE_RADIUS_M,
    });
    expect(picks).toHaveLength(3);
    const features = picks.map((p, i) =>
      feature(
        {
          rank: i + 1,
          village_id: p.village_id,
          name: p.name,
          gain_residents: p.gain_residents,
          gain_villages: p.gain_villages,
          covers: p.covers.map(nameOf),
          radius_m: DEFAULT_SERVICE_RADIUS_M,
          'marker-color': '#ff8f00',
          'marker-symbol': String(i + 1),
        },
        point(p.lngLat),
      ),
    );
    golden('station-suggestions.geojson', fcText('station-suggestions', features));
  });

  it('partners-liuhe.geojson: partner suggestions for 柳河村 within 10 km', () => {
    const target = s.villages.find((v) => v.name === '柳河村')!;
    const index = new PartnerIndex({
      villages: s.villages,
      chainNodes: s.nodes,
      assets: s.assets,
      townships: s.townships,
    });
    const got: PartnerSuggestion[] = suggestPartners(target.id, index, { maxKm: 10, limit: 10 });
    expect(got.length).toBeGreaterThan(0);
    for (const g of got) expect(g.distance_m).toBeLessThanOrEqual(10_000);
    const features = [
      feature({ kind: 'target', id: target.id, name: target.name, 'marker-color': '#6a1b9a' }, point(target.lngLat)),
      ...got.map((g, i) =>
        feature(
          {
            kind: 'candidate',
            rank: i + 1,
            id: g.village_id,
            name: g.name,
            distance_m: m1(g.distance_m),
            score: roundTo(g.score, 4),
            reasons: g.reasons.map((x) => ({
              kind: x.kind,
              value: roundTo(x.value, 4),
              share: roundTo(x.share, 4),
              text_zh: x.text_zh,
              text_en: x.text_en,
            })),
            'marker-color': '#00897b',
          },
          point(s.villages.find((v) => v.id === g.village_id)!.lngLat),
        ),
      ),
    ];
    golden('partners-liuhe.geojson', fcText('partner-suggestions', features, { target: target.name, max_km: 10 }));
  });

  it('chain-gaps-strawberry.geojson: 草莓 lacks 仓储冷链; 谭家甸子村 has a 冷库 nearby', () => {
    const chain = s.chains.find((c) => c.name === '草莓')!;
    const own = s.nodes.filter((n) => n.chain_id === chain.id);
    const gaps: ChainGapResult = chainGaps(own, {
      villages: s.villages,
      nodesAll: s.nodes,
      assets: s.assets,
      leadProduct: chain.lead_product,
      limit: 5,
    });
    const cold = gaps.missing.find((m) => m.group === '仓储冷链');
    expect(cold).toBeDefined();
    const tan = cold!.suppliers.find((x) => x.name === '谭家甸子村');
    expect(tan).toMatchObject({ via: 'asset', subtype: '冷库' });
    const features = [
      ...own.map((n) =>
        feature(
          {
            kind: 'node',
            id: n.id,
            name: n.name,
            stage: n.stage,
            village: nameOf(n.village_id),
            'marker-color': '#c2185b',
          },
          point(n.lngLat),
        ),
      ),
      ...gaps.missing.flatMap((m) =>
        m.suppliers.map((x, i) =>
          feature(
            {
              kind: 'supplier',
              missing_group: m.group,
              missing_stage: m.stage,
              required: m.required,
              rank: i + 1,
              village_id: x.village_id,
              name: x.name,
              distance_m: m1(x.distance_m),
              via: x.via,
              serves: x.stage,
              node_id: x.node_id ?? null,
              asset_id: x.asset_id ?? null,
              subtype: x.subtype ?? null,
              asset_name: x.asset_id ? s.assets.find((a) => a.id === x.asset_id)!.name : null,
              'marker-color': m.required ? '#ef6c00' : '#9e9e9e',
            },
            point(x.lngLat),
          ),
        ),
      ),
    ];
    golden(
      'chain-gaps-strawberry.geojson',
      fcText('chain-gaps', features, {
        chain: chain.name,
        present: gaps.present,
        missing: gaps.missing.map((m) => ({ group: m.group, stage: m.stage, required: m.required })),
      }),
    );
  });

  it('alliances.geojson: the hull and summary of each alliance', () => {
    const summaries: [string, AllianceSummary][] = s.alliances.map((a) => [
      a.name,
      summarizeAlliance({
        members: a.member_ids.map((id) => s.villages.find((v) => v.id === id)!),
        lead_village_id: a.lead_village_id,
        assets: s.assets,
        chainNodes: s.nodes.filter((n) => a.chain_ids.includes(n.chain_id)),
        chains: s.chains.filter((c) => a.chain_ids.includes(c.id)),
        stations: s.stations,
        coverage,
      }),
    ]);
    const strawberry = summaries.find(([n]) => n.includes('草莓'))![1];
    expect(strawberry.chain_stages.missing.map((m) => m.group)).toContain('仓储冷链');
    const features = summaries.map(([name, x]) => {
      expect(x.hull).not.toBeNull();
      return feature(
        {
          name,
          lead_village: nameOf(x.lead_village_id),
          members: x.member_ids.map(nameOf),
          member_count: x.member_count,
          area_km2: roundTo(x.area_km2, 4),
          population: x.population,
          income: {
            total: roundTo(x.income.total, 2),
            operating: roundTo(x.income.operating, 2),
            by_band: x.income.by_band,
          },
          assets_by_subtype: x.assets_by_subtype.map((a) => ({
            ...a,
            area_mu: a.area_mu === null ? null : roundTo(a.area_mu, 2),
            book_value: a.book_value === null ? null : roundTo(a.book_value, 2),
          })),
          chain_stages_present: x.chain_stages.present,
          chain_stages_missing: x.chain_stages.missing.map((m) => ({
            group: m.group,
            stage: m.stage,
            required: m.required,
          })),
          stations_inside: x.stations.ids.map(stationName),
          coverage: x.coverage,
          fill: '#fbc02d',
          'fill-opacity': 0.25,
        },
        x.hull!,
      );
    });
    golden('alliances.geojson', fcText('alliances', features));
  });
});

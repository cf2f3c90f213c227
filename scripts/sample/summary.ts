/** Figures about a generated sample, read back from the file texts (the CLI prints them; tests check them). */
import {
  ASSET_SUBTYPE_NAMES,
  DEFAULT_SERVICE_RADIUS_M,
  INCOME_BANDS,
  STATION_LEVELS,
  TARGET_VILLAGE_FLAGS,
  VILLAGE_FLAGS,
} from '../../common/enums.ts';
import { haversineM } from '../../common/geo.ts';
import { incomeBand } from '../../common/income.ts';
import { AS_OF, daysBetween } from './dates.ts';

type Props = Record<string, unknown>;
interface F {
  properties: Props;
  geometry: { type: string; coordinates: number[] } | null;
}

const features = (text: string | undefined): F[] =>
  (JSON.parse(text ?? '{"features":[]}') as { features: F[] }).features;

/** Counts per key, listing the keys of `order` first (in that order, zeros included). */
function countBy<T>(
  items: readonly T[],
  key: (t: T) => string | readonly string[],
  order: readonly string[] = [],
): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(order.map((k) => [k, 0]));
  for (const item of items) {
    const k = key(item);
    for (const one of typeof k === 'string' ? [k] : k) out[one] = (out[one] ?? 0) + 1;
  }
  return out;
}

const soon = (date: unknown) => {
  if (typeof date !== 'string') return false;
  const d = daysBetween(AS_OF, date);
  return d >= 0 && d <= 90;
};

export interface SampleSummary {
  townships: number;
  villages: number;
  bands: Record<string, number>;
  flags: Record<string, number>;
  assets: number;
  assetsBySubtype: Record<string, number>;
  leasesEndingSoon: number;
  secretaries: number;
  secretariesByRole: Record<string, number>;
  villagesWithSecretary: number;
  targetVillagesWithoutSecretary: string[];
  termsEndingSoon: number;
  stations: Record<string, number>;
  uncoveredVillages: string[];
  chainStages: Record<string, string[]>;
}

export function summarize(files: Record<string, string>): SampleSummary {
  const villages = features(files['villages.geojson']);
  const assets = features(files['assets.geojson']);
  const secretaries = features(files['secretaries.geojson']);
  const stations = features(files['stations.geojson']);
  const nodes = features(files['chain-nodes.geojson']);
  const latestOperating = (v: F) => {
    const incomes = v.properties.incomes as { year: number; operating: number }[];
    return [...incomes].sort((a, b) => b.year - a.year)[0]?.operating;
  };
  const withSecretary = new Set(secretaries.map((s) => String(s.properties.village_code)));
  const uncovered = villages.filter((v) =>
    stations.every(
      (s) =>
        haversineM(v.geometry!.coordinates, s.geometry!.coordinates) >
        ((s.properties.service_radius_m as number | null) ?? DEFAULT_SERVICE_RADIUS_M),
    ),
  );
  const stages: Record<string, string[]> = {};
  for (const n of nodes) {
    const list = (stages[String(n.properties.chain_key)] ??= []);
    if (!list.includes(String(n.properties.stage))) list.push(String(n.properties.stage));
  }
  return {
    townships: features(files['townships.geojson']).length,
    villages: villages.length,
    bands: countBy(villages, (v) => incomeBand(latestOperating(v)) ?? '未知', INCOME_BANDS),
    flags: countBy(villages, (v) => v.properties.flags as string[], VILLAGE_FLAGS),
    assets: assets.length,
    assetsBySubtype: countBy(assets, (a) => String(a.properties.subtype), ASSET_SUBTYPE_NAMES),
    leasesEndingSoon: assets.filter((a) => soon(a.properties.contract_end)).length,
    secretaries: secretaries.length,
    secretariesByRole: countBy(secretaries, (s) => String(s.properties.role)),
    villagesWithSecretary: withSecretary.size,
    targetVillagesWithoutSecretary: villages
      .filter((v) => (v.properties.flags as string[]).some((f) => TARGET_VILLAGE_FLAGS.includes(f)))
      .filter((v) => !withSecretary.has(String(v.properties.code)))
      .map((v) => String(v.properties.name)),
    termsEndingSoon: secretaries.filter((s) => s.properties.role === '第一书记' && soon(s.properties.term_end)).length,
    stations: countBy(stations, (s) => String(s.properties.level), STATION_LEVELS),
    uncoveredVillages: uncovered.map((v) => String(v.properties.name)),
    chainStages: stages,
  };
}

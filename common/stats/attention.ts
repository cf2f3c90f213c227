/**
 * What needs an official's attention (issue #4, official journey step 2): first secretaries'
 * terms ending soon, target villages with no first secretary, assets whose contracts end soon,
 * villages outside every station's service circle.
 */
import { residentsOf } from '../analysis/types.ts';
import { addDays } from '../secretary-state.ts';
import {
  isFirstSecretaryInPost,
  isTargetVillage,
  postedByVillage,
  villagesInScope,
  villageSecretaryState,
} from './dashboard-stats.ts';
import {
  ATTENTION_KINDS,
  type AttentionItem,
  type AttentionKind,
  type AttentionList,
  type StatsInput,
} from './types.ts';

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Dated items first (soonest, overdue before), then vacancies, then uncovered villages (most residents first). */
const KIND_RANK: Record<AttentionKind, number> = { term_ending: 0, contract_ending: 0, vacant_target: 1, uncovered: 2 };

/** Plain code-unit order (ISO dates and kind names need no locale; localeCompare is slow on 10⁴ items). */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareUrgency(a: AttentionItem, b: AttentionItem): number {
  return (
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    cmp(a.date ?? '', b.date ?? '') ||
    (b.value ?? 0) - (a.value ?? 0) ||
    cmp(a.kind, b.kind) ||
    a.id - b.id
  );
}

/**
 * The attention list of the county or the townships given, sorted by urgency and capped.
 * @param days terms and contracts ending within this many days (already ended ones included)
 * @param limit most items returned; `total` and `counts` count them all
 * @example attentionList(input, 90, 20).items[0] // the soonest ending term or contract
 */
export function attentionList(inp: StatsInput, days: number, limit: number): AttentionList {
  const villages = villagesInScope(inp);
  const byId = new Map(villages.map((v) => [v.id, v]));
  const until = addDays(inp.today, days);
  const items: AttentionItem[] = [];
  const dated = (date: string) => ({ date, days_left: daysBetween(inp.today, date) });

  for (const s of inp.secretaries) {
    const v = byId.get(s.village_id);
    if (!v || !isFirstSecretaryInPost(s) || s.term_end === null || s.term_end > until) continue;
    items.push({
      kind: 'term_ending',
      layer: 'secretaries',
      id: s.id,
      village_id: v.id,
      village_name: v.name,
      title: s.name,
      detail: `${v.name}第一书记，任期至 ${s.term_end}`,
      ...dated(s.term_end),
    });
  }

  const posted = postedByVillage(inp.secretaries);
  for (const v of villages) {
    if (!isTargetVillage(v) || villageSecretaryState(v, posted.get(v.id) ?? [], inp.today) !== 'vacant') continue;
    items.push({
      kind: 'vacant_target',
      layer: 'villages',
      id: v.id,
      village_id: v.id,
      village_name: v.name,
      title: v.name,
      detail: `${v.flags.join('、')}，无在岗第一书记`,
      flags: [...v.flags],
    });
  }

  for (const a of inp.assets) {
    const v = byId.get(a.village_id);
    if (!v || a.contract_end === null || a.contract_end > until) continue;
    items.push({
      kind: 'contract_ending',
      layer: 'assets',
      id: a.id,
      village_id: v.id,
      village_name: v.name,
      title: a.name,
      detail: `${v.name}${a.subtype}${a.lessee ? `，承租方 ${a.lessee}` : ''}，合同至 ${a.contract_end}`,
      value: a.annual_income,
      ...dated(a.contract_end),
    });
  }

  for (const c of inp.coverage) {
    const v = byId.get(c.village_id);
    if (!v || c.covered) continue;
    const km = c.nearest_distance_m == null ? null : (c.nearest_distance_m / 1000).toFixed(1);
    items.push({
      kind: 'uncovered',
      layer: 'villages',
      id: v.id,
      village_id: v.id,
      village_name: v.name,
      title: v.name,
      detail: `不在任何党群服务站服务半径内${km ? `，最近站点 ${km} km` : ''}，常住 ${residentsOf(v)} 人`,
      value: residentsOf(v),
    });
  }

  items.sort(compareUrgency);
  const counts = Object.fromEntries(ATTENTION_KINDS.map((k) => [k, 0])) as Record<AttentionKind, number>;
  for (const i of items) counts[i.kind] += 1;
  return { as_of: inp.today, days, total: items.length, counts, items: items.slice(0, limit) };
}

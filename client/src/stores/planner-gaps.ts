/**
 * Suppliers for a missing chain stage of a draft alliance (pure: no Vue, no fetch). The gaps
 * endpoint knows saved alliances only, so for a draft its answer is completed here with the
 * chain's own nodes of that stage at villages outside the draft.
 */
import type { Supplier } from '../../../common/analysis/chain-gaps.ts';
import type { ChainStage } from '../../../common/enums.ts';
import { haversineM } from '../../../common/geo.ts';
import type { ChainOption } from '../api/analysis.ts';

/** A supplier of a missing chain stage, with the chain it was found for. */
export interface SupplierRow extends Supplier {
  chain_id: number;
  chain_name: string;
}

/**
 * The chain's nodes of the given stages at villages outside the draft, as suppliers; the
 * distance is to the nearest member.
 * @param nameOf the village's name when known (else the node's name)
 */
export function nodeSuppliers(
  chain: ChainOption,
  stages: readonly ChainStage[],
  members: ReadonlySet<number>,
  memberPoints: readonly (readonly number[])[],
  nameOf: (villageId: number) => string | undefined,
): SupplierRow[] {
  return chain.nodes.flatMap((n): SupplierRow[] => {
    if (n.village_id === null || members.has(n.village_id) || !stages.includes(n.stage)) return [];
    const distance = Math.min(...memberPoints.map((p) => haversineM(p, n.lngLat)));
    return [
      {
        village_id: n.village_id,
        name: nameOf(n.village_id) ?? n.name,
        distance_m: Number.isFinite(distance) ? distance : 0,
        via: 'node',
        node_id: n.id,
        stage: n.stage,
        lngLat: n.lngLat,
        chain_id: chain.id,
        chain_name: chain.name,
      },
    ];
  });
}

/**
 * Nearest first, without members of the draft and without the same node or asset twice.
 * @example mergeSuppliers(rows, new Set([1, 2]), 5)
 */
export function mergeSuppliers(
  rows: readonly SupplierRow[],
  members: ReadonlySet<number>,
  limit: number,
): SupplierRow[] {
  const seen = new Set<string>();
  return rows
    .filter((r) => r.village_id === null || !members.has(r.village_id))
    .sort((a, b) => a.distance_m - b.distance_m)
    .filter((r) => {
      const key = `${r.village_id ?? r.name}|${r.via}|${r.node_id ?? r.asset_id ?? ''}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, limit);
}

/**
 * How each layer maps to its table: which columns hold JSON, where its geometry is, and how the
 * township/village filters reach it. Repositories are generic over these specs.
 */
import type { LayerName } from '../../common/schemas/layers.ts';

export interface LayerSpec {
  /** Name in URLs (`/api/chain-nodes`). */
  layer: LayerName;
  table: string;
  /** Columns stored as JSON text. */
  jsonColumns: readonly string[];
  /** Column holding the GeoJSON geometry of the feature, or null for records without one. */
  geometryColumn: string | null;
  /** Has `minx..maxy` columns and an `${table}_rtree` index. */
  spatial: boolean;
  /** How `township=` filters: a column of the table, or a village column → villages.township_id. */
  townshipFilter: { column: string } | { viaVillage: string } | { sql: string } | null;
  /** How `village=` filters. */
  villageFilter: { column: string } | { sql: string } | null;
  /** Columns searched by `q=`. */
  searchColumns: readonly string[];
  /** Columns never sent to clients as properties (bbox, soft delete, internal copies). */
  hiddenColumns: readonly string[];
  /** Foreign keys checked before a write so that a bad id is a 400 naming the field. */
  references: Readonly<Record<string, string>>;
}

const BBOX = ['minx', 'miny', 'maxx', 'maxy'];
const HIDDEN = [...BBOX, 'deleted_at'];

export const LAYERS: Record<LayerName, LayerSpec> = {
  townships: {
    layer: 'townships',
    table: 'townships',
    jsonColumns: [],
    geometryColumn: 'geometry',
    spatial: true,
    townshipFilter: { column: 'id' },
    villageFilter: null,
    searchColumns: ['name', 'code'],
    hiddenColumns: [...HIDDEN, 'geometry'],
    references: {},
  },
  villages: {
    layer: 'villages',
    table: 'villages',
    jsonColumns: ['incomes', 'flags', 'honours'],
    geometryColumn: 'location',
    spatial: true,
    townshipFilter: { column: 'township_id' },
    villageFilter: { column: 'id' },
    searchColumns: ['name', 'code'],
    hiddenColumns: [...HIDDEN, 'location', 'boundary', 'lng', 'lat', 'income_year'],
    references: { township_id: 'townships' },
  },
  assets: {
    layer: 'assets',
    table: 'assets',
    jsonColumns: ['photos'],
    geometryColumn: 'geometry',
    spatial: true,
    townshipFilter: { viaVillage: 'village_id' },
    villageFilter: { column: 'village_id' },
    searchColumns: ['name', 'external_id', 'lessee'],
    hiddenColumns: [...HIDDEN, 'geometry'],
    references: { village_id: 'villages' },
  },
  secretaries: {
    layer: 'secretaries',
    table: 'secretaries',
    jsonColumns: [],
    geometryColumn: null,
    spatial: false,
    townshipFilter: { viaVillage: 'village_id' },
    villageFilter: { column: 'village_id' },
    searchColumns: ['name', 'unit'],
    hiddenColumns: HIDDEN,
    references: { village_id: 'villages' },
  },
  assessments: {
    layer: 'assessments',
    table: 'assessments',
    jsonColumns: [],
    geometryColumn: null,
    spatial: false,
    townshipFilter: {
      sql: 't.secretary_id IN (SELECT s.id FROM secretaries s JOIN villages v ON v.id = s.village_id WHERE v.township_id IN ({ids}))',
    },
    villageFilter: { sql: 't.secretary_id IN (SELECT id FROM secretaries WHERE village_id IN ({ids}))' },
    searchColumns: ['grade'],
    hiddenColumns: HIDDEN,
    references: { secretary_id: 'secretaries' },
  },
  stations: {
    layer: 'stations',
    table: 'stations',
    jsonColumns: ['functions'],
    geometryColumn: 'geometry',
    spatial: true,
    townshipFilter: { column: 'township_id' },
    villageFilter: { column: 'village_id' },
    searchColumns: ['name'],
    hiddenColumns: [...HIDDEN, 'geometry'],
    references: { township_id: 'townships', village_id: 'villages' },
  },
  chains: {
    layer: 'chains',
    table: 'chains',
    jsonColumns: [],
    geometryColumn: null,
    spatial: false,
    townshipFilter: {
      sql: 't.id IN (SELECT n.chain_id FROM chain_nodes n JOIN villages v ON v.id = n.village_id WHERE n.deleted_at IS NULL AND v.township_id IN ({ids}))',
    },
    villageFilter: {
      sql: 't.id IN (SELECT chain_id FROM chain_nodes WHERE deleted_at IS NULL AND village_id IN ({ids}))',
    },
    searchColumns: ['name', 'lead_product'],
    hiddenColumns: HIDDEN,
    references: {},
  },
  'chain-nodes': {
    layer: 'chain-nodes',
    table: 'chain_nodes',
    jsonColumns: [],
    geometryColumn: 'geometry',
    spatial: true,
    townshipFilter: { viaVillage: 'village_id' },
    villageFilter: { column: 'village_id' },
    searchColumns: ['name', 'stage'],
    hiddenColumns: [...HIDDEN, 'geometry'],
    references: { chain_id: 'chains', village_id: 'villages' },
  },
  'chain-links': {
    layer: 'chain-links',
    table: 'chain_links',
    jsonColumns: [],
    geometryColumn: null,
    spatial: false,
    townshipFilter: {
      sql: 't.from_node_id IN (SELECT n.id FROM chain_nodes n JOIN villages v ON v.id = n.village_id WHERE v.township_id IN ({ids})) OR t.to_node_id IN (SELECT n.id FROM chain_nodes n JOIN villages v ON v.id = n.village_id WHERE v.township_id IN ({ids}))',
    },
    villageFilter: {
      sql: 't.from_node_id IN (SELECT id FROM chain_nodes WHERE village_id IN ({ids})) OR t.to_node_id IN (SELECT id FROM chain_nodes WHERE village_id IN ({ids}))',
    },
    searchColumns: ['product'],
    hiddenColumns: HIDDEN,
    references: { chain_id: 'chains', from_node_id: 'chain_nodes', to_node_id: 'chain_nodes' },
  },
  alliances: {
    layer: 'alliances',
    table: 'alliances',
    jsonColumns: ['partner_enterprises', 'chain_ids'],
    geometryColumn: null,
    spatial: false,
    townshipFilter: {
      sql: 't.id IN (SELECT m.alliance_id FROM alliance_members m JOIN villages v ON v.id = m.village_id WHERE v.township_id IN ({ids}))',
    },
    villageFilter: { sql: 't.id IN (SELECT alliance_id FROM alliance_members WHERE village_id IN ({ids}))' },
    searchColumns: ['name'],
    hiddenColumns: HIDDEN,
    references: { lead_village_id: 'villages' },
  },
};

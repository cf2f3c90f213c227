/**
 * Which fields each layer's editor shows, in which groups and order, with which widgets and
 * units: the one registry behind `RecordForm` for secretaries (villages, assets) and officials
 * (stations, secretaries, assessments). Fields not listed are never sent, so they stay as they are.
 */
import type { z } from 'zod';
import { ASSET_SUBTYPES, HONOURS, STATION_FUNCTIONS, VILLAGE_FLAGS } from '../../../../common/enums.ts';
import type { LayerName } from '../../../../common/schemas/layers.ts';
import {
  assessmentProps,
  assetProps,
  secretaryProps,
  stationProps,
  villageProps,
} from '../../../../common/schemas/records.ts';
import { fieldSpecs, type FieldSpec } from './field-specs.ts';

export interface FieldGroup {
  /** i18n key under `edit.groups`. */
  key: string;
  fields: FieldSpec[];
}

export interface LayerForm {
  layer: LayerName;
  groups: FieldGroup[];
  /** Shown (read-only) but never edited here. */
  readOnly: readonly string[];
  /** Whether a field is shown for the current values (contract fields only for leased assets). */
  visible(key: string, props: Readonly<Record<string, unknown>>): boolean;
  /** Values that follow from others (an asset's category from its subtype). */
  derive(props: Record<string, unknown>): Record<string, unknown>;
  /** The geometry an editor draws: none, a point, or an asset's point/line/polygon. */
  geometry: 'none' | 'point' | 'asset';
}

type Groups = Record<string, readonly string[]>;

function form(
  layer: LayerName,
  schema: z.ZodObject,
  groups: Groups,
  opts: Partial<Omit<LayerForm, 'layer' | 'groups'>> & { overrides?: Record<string, Partial<FieldSpec>> } = {},
): LayerForm {
  return {
    layer,
    groups: Object.entries(groups).map(([key, keys]) => ({ key, fields: fieldSpecs(schema, keys, opts.overrides) })),
    readOnly: opts.readOnly ?? [],
    visible: opts.visible ?? (() => true),
    derive: opts.derive ?? ((p) => p),
    geometry: opts.geometry ?? 'none',
  };
}

const m2 = { unit: 'm²' };
const wan = { unit: '万元' };

/** Operation modes under which an asset has a contract (lessee, dates, annual income). */
export const CONTRACT_MODES: readonly string[] = ['出租', '发包', '入股'];
const CONTRACT_FIELDS = ['lessee', 'contract_start', 'contract_end', 'annual_income'];

export const LAYER_FORMS = {
  villages: form(
    'villages',
    villageProps,
    {
      people: ['registered_population', 'resident_population', 'households', 'party_members'],
      incomes: ['incomes'],
      labels: ['flags', 'honours'],
      notes: ['notes'],
    },
    {
      overrides: {
        flags: { kind: 'chips', options: VILLAGE_FLAGS },
        honours: { kind: 'chips', options: HONOURS },
        registered_population: { unit: '人' },
        resident_population: { unit: '人' },
        households: { unit: '户' },
        party_members: { unit: '人' },
      },
    },
  ),
  assets: form(
    'assets',
    assetProps,
    {
      basic: ['name', 'subtype', 'category', 'ownership', 'source'],
      size: ['area_mu', 'area_m2', 'book_value'],
      operation: ['operation_mode', ...CONTRACT_FIELDS],
      notes: ['notes'],
    },
    {
      readOnly: ['category'],
      geometry: 'asset',
      overrides: { area_mu: { unit: '亩' }, area_m2: m2, book_value: wan, annual_income: wan },
      visible: (key, p) => !CONTRACT_FIELDS.includes(key) || CONTRACT_MODES.includes(String(p.operation_mode)),
      derive(p) {
        const sub = ASSET_SUBTYPES[p.subtype as keyof typeof ASSET_SUBTYPES];
        return sub && p.category !== sub.category ? { ...p, category: sub.category } : p;
      },
    },
  ),
  stations: form(
    'stations',
    stationProps,
    {
      basic: ['name', 'level', 'opening_hours', 'staff_on_duty', 'service_radius_m'],
      size: ['building_area', 'hall_area', 'activity_room_area', 'square_area'],
      services: ['functions', 'service_items'],
    },
    {
      geometry: 'point',
      overrides: {
        functions: { kind: 'chips', options: STATION_FUNCTIONS },
        building_area: m2,
        hall_area: m2,
        activity_room_area: m2,
        square_area: m2,
        service_radius_m: { unit: '米' },
        staff_on_duty: { unit: '人' },
        service_items: { kind: 'textarea' },
      },
    },
  ),
  secretaries: form('secretaries', secretaryProps, {
    basic: ['name', 'gender', 'role', 'status', 'phone'],
    posting: ['unit', 'unit_level', 'batch', 'term_start', 'term_end'],
    notes: ['notes'],
  }),
  assessments: form(
    'assessments',
    assessmentProps,
    { basic: ['year', 'grade', 'score', 'days_in_village'] },
    { overrides: { days_in_village: { unit: '天' } } },
  ),
} as const satisfies Partial<Record<LayerName, LayerForm>>;

export type EditableLayer = keyof typeof LAYER_FORMS;

export function layerForm(layer: LayerName): LayerForm {
  const f = (LAYER_FORMS as Partial<Record<LayerName, LayerForm>>)[layer];
  if (!f) throw new Error(`No editor form for layer "${layer}"`);
  return f;
}

/** Every field key a layer's form edits. */
export function formKeys(f: LayerForm): string[] {
  return f.groups.flatMap((g) => g.fields.map((s) => s.key));
}

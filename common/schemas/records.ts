/**
 * The properties of every layer's features, as the API returns them (the "read" shapes).
 * Property keys are the database column names (snake_case, English); the Chinese label of each
 * key is in `labels.ts`. Create/update shapes are derived from these in issue #3.
 */
import { z } from 'zod';
import {
  ALLIANCE_STATUSES,
  ALLIANCE_TYPES,
  ASSESSMENT_GRADES,
  ASSET_CATEGORIES,
  ASSET_SOURCES,
  ASSET_SUBTYPE_NAMES,
  CHAIN_LEVELS,
  CHAIN_OPERATORS,
  CHAIN_STAGES,
  GENDERS,
  INCOME_BANDS,
  LINK_MODES,
  OPERATION_MODES,
  OWNERSHIPS,
  SECRETARY_ROLES,
  SECRETARY_STATUSES,
  STATION_LEVELS,
  UNIT_LEVELS,
} from '../enums.ts';

const count = z.number().int().min(0).nullable();
const money = z.number().finite().nullable(); // 万元
/** A real calendar day `YYYY-MM-DD` (2026-02-30 is refused, not rolled over to 2 March). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');
const text = (max: number) => z.string().trim().max(max);
/** Lists inside a record (flags, incomes, photos, partners): bounded, so one body cannot hold 200,000. */
export const MAX_LIST = 100;
/** An alliance's member villages (the draft analysis takes as many). */
export const MAX_MEMBERS = 500;

/** Columns every editable row carries (ARCHITECTURE.md "Data"). */
export const rowMeta = z.object({
  version: z.number().int().min(1),
  created_at: z.string(),
  created_by: z.string().nullable(),
  updated_at: z.string(),
  updated_by: z.string().nullable(),
});

export const townshipProps = z.object({
  code: z.string().regex(/^\d{9}$/, 'a township code has 9 digits'),
  name: text(50).min(1),
  county: text(50).min(1),
});

export const incomeYear = z
  .object({
    year: z.number().int().min(1990).max(2100),
    total: money, // 集体经济总收入
    operating: money, // 经营性收入 — decides the income band
  })
  .strict();

export const villageProps = z.object({
  code: z.string().regex(/^\d{12}$/, 'a village code has 12 digits'),
  code_edition: z.number().int().min(2000).max(2100),
  name: text(50).min(1),
  township_id: z.number().int(),
  registered_population: count,
  resident_population: count,
  households: count,
  party_members: count,
  incomes: z.array(incomeYear).max(MAX_LIST),
  flags: z.array(text(50)).max(MAX_LIST),
  honours: z.array(text(50)).max(MAX_LIST),
  notes: text(2000).nullable(),
});
/** Derived, read-only properties the API adds to a village. */
export const villageDerived = z.object({
  township_name: z.string(),
  township_code: z.string(),
  operating_income: money,
  income_band: z.enum(INCOME_BANDS).nullable(),
  has_boundary: z.boolean(),
  /**
   * First secretary: `posted` in post with more than 90 days of term left, `ending` in post with
   * the term ending within 90 days, `vacant` a target village with none in post, `none` otherwise.
   */
  secretary_state: z.enum(['posted', 'ending', 'vacant', 'none']),
  /** The first secretary in post (the one whose term ends last), or null. */
  secretary_name: z.string().nullable(),
  secretary_term_end: z.string().nullable(),
});

export const assetProps = z.object({
  village_id: z.number().int(),
  external_id: text(64).nullable(),
  category: z.enum(ASSET_CATEGORIES),
  subtype: z.enum(ASSET_SUBTYPE_NAMES as [string, ...string[]]),
  name: text(100).min(1),
  area_mu: z.number().min(0).nullable(), // land, 亩
  area_m2: z.number().min(0).nullable(), // buildings, m²
  book_value: money,
  ownership: z.enum(OWNERSHIPS).nullable(),
  operation_mode: z.enum(OPERATION_MODES).nullable(),
  lessee: text(100).nullable(),
  contract_start: isoDate.nullable(),
  contract_end: isoDate.nullable(),
  annual_income: money,
  source: z.enum(ASSET_SOURCES).nullable(),
  photos: z.array(z.string().max(64)).max(MAX_LIST),
  notes: text(2000).nullable(),
});

export const secretaryProps = z.object({
  village_id: z.number().int(),
  name: text(50).min(1),
  gender: z.enum(GENDERS).nullable(),
  role: z.enum(SECRETARY_ROLES),
  unit: text(100).nullable(), // 派出单位
  unit_level: z.enum(UNIT_LEVELS).nullable(),
  batch: text(50).nullable(),
  term_start: isoDate.nullable(),
  term_end: isoDate.nullable(),
  status: z.enum(SECRETARY_STATUSES),
  phone: z
    .string()
    .regex(/^[0-9+\- ]{5,20}$/, 'not a phone number')
    .nullable(),
  notes: text(2000).nullable(),
});

export const assessmentProps = z.object({
  secretary_id: z.number().int(),
  year: z.number().int().min(2000).max(2100),
  grade: z.enum(ASSESSMENT_GRADES),
  score: z.number().min(0).max(100).nullable(),
  days_in_village: z.number().int().min(0).max(366).nullable(),
});

export const stationProps = z.object({
  name: text(100).min(1),
  level: z.enum(STATION_LEVELS),
  township_id: z.number().int(),
  village_id: z.number().int().nullable(),
  building_area: z.number().min(0).nullable(),
  hall_area: z.number().min(0).nullable(),
  activity_room_area: z.number().min(0).nullable(),
  square_area: z.number().min(0).nullable(),
  functions: z.array(text(50)).max(MAX_LIST),
  opening_hours: text(200).nullable(),
  staff_on_duty: z.number().int().min(0).nullable(),
  service_items: text(2000).nullable(),
  service_radius_m: z.number().int().min(50).max(50000).nullable(), // null = the configured default
});

export const chainProps = z.object({
  name: text(50).min(1),
  lead_product: text(50).nullable(),
  level: z.enum(CHAIN_LEVELS).nullable(),
  description: text(2000).nullable(),
});

export const chainNodeProps = z.object({
  chain_id: z.number().int(),
  village_id: z.number().int().nullable(),
  name: text(100).min(1),
  stage: z.enum(CHAIN_STAGES),
  operator: z.enum(CHAIN_OPERATORS).nullable(),
  capacity: z.number().min(0).nullable(),
  capacity_unit: text(20).nullable(),
});

export const chainLinkProps = z.object({
  chain_id: z.number().int(),
  from_node_id: z.number().int(),
  to_node_id: z.number().int(),
  product: text(50).nullable(),
  volume: z.number().min(0).nullable(),
  volume_unit: text(20).nullable(),
  mode: z.enum(LINK_MODES).nullable(),
});

export const allianceProps = z.object({
  name: text(100).min(1),
  type: z.enum(ALLIANCE_TYPES),
  status: z.enum(ALLIANCE_STATUSES),
  lead_village_id: z.number().int().nullable(),
  member_village_ids: z.array(z.number().int()).max(MAX_MEMBERS),
  partner_enterprises: z.array(text(100)).max(MAX_LIST),
  chain_ids: z.array(z.number().int()).max(MAX_LIST),
  committee_name: text(100).nullable(),
  committee_secretary: text(50).nullable(),
  start_date: isoDate.nullable(),
  benefit_rule: text(2000).nullable(),
  meeting_cadence: text(100).nullable(),
  notes: text(2000).nullable(),
});

export type TownshipProps = z.infer<typeof townshipProps>;
export type VillageProps = z.infer<typeof villageProps> & z.infer<typeof villageDerived>;
export type AssetProps = z.infer<typeof assetProps>;
export type SecretaryProps = z.infer<typeof secretaryProps>;
export type AssessmentProps = z.infer<typeof assessmentProps>;
export type StationProps = z.infer<typeof stationProps>;
export type ChainProps = z.infer<typeof chainProps>;
export type ChainNodeProps = z.infer<typeof chainNodeProps>;
export type ChainLinkProps = z.infer<typeof chainLinkProps>;
export type AllianceProps = z.infer<typeof allianceProps>;
export type RowMeta = z.infer<typeof rowMeta>;

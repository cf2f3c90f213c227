/**
 * Request shapes (create = POST body, update = PATCH body) for every layer, derived from the read
 * shapes in records.ts. Unknown keys are refused everywhere (`strict`), so a client cannot write a
 * column it should not, and `__proto__` never reaches an object.
 */
import { z } from 'zod';
import { ASSET_SUBTYPES } from '../enums.ts';
import { geometryIssues } from '../geometry-checks.ts';
import {
  anyGeometry,
  arealGeometry,
  lineStringGeometry,
  multiPolygonGeometry,
  pointGeometry,
  polygonGeometry,
} from './geometry.ts';
import {
  allianceProps,
  assessmentProps,
  assetProps,
  chainLinkProps,
  chainNodeProps,
  chainProps,
  secretaryProps,
  stationProps,
  townshipProps,
  villageProps,
} from './records.ts';

/** Adds topology issues (closed, simple rings; holes inside) to a geometry schema. */
function checked<T extends z.ZodType<{ type: string; coordinates: unknown }>>(schema: T) {
  return schema.superRefine((g, ctx) => {
    for (const issue of geometryIssues(g)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });
}

export const GEOMETRY_SCHEMAS = {
  point: checked(pointGeometry),
  areal: checked(arealGeometry),
  asset: checked(
    z.discriminatedUnion('type', [pointGeometry, lineStringGeometry, polygonGeometry, multiPolygonGeometry]),
  ),
  any: checked(anyGeometry),
  none: z.null(),
} as const;
export type GeometryKind = keyof typeof GEOMETRY_SCHEMAS;

type Shape = z.ZodRawShape;

/** On create, nullable fields may be left out (stored as null) and arrays default to []. */
function createShape<S extends Shape>(shape: S): Shape {
  const out: Record<string, z.ZodType> = {};
  for (const [k, s] of Object.entries(shape)) {
    const schema = s as z.ZodType;
    if (schema.safeParse(null).success) out[k] = schema.optional();
    else if (schema.safeParse([]).success) out[k] = schema.optional();
    else out[k] = schema;
  }
  return out;
}

function partialShape<S extends Shape>(shape: S): Shape {
  const out: Record<string, z.ZodType> = {};
  for (const [k, s] of Object.entries(shape)) out[k] = (s as z.ZodType).optional();
  return out;
}

export interface LayerSchemas {
  geometry: GeometryKind;
  create: z.ZodType;
  update: z.ZodType;
  /** Writable property keys, in display order. */
  keys: string[];
}

function layer(
  geometry: GeometryKind,
  props: z.ZodObject<Shape>,
  refine?: (p: Record<string, unknown>, ctx: z.RefinementCtx) => void,
): LayerSchemas {
  const g = GEOMETRY_SCHEMAS[geometry];
  const geometryCreate = geometry === 'none' ? g.optional() : g;
  const base = { type: z.literal('Feature').optional(), id: z.unknown().optional(), bbox: z.unknown().optional() };
  let createProps: z.ZodType = z.object(createShape(props.shape)).strict();
  let updateProps: z.ZodType = z.object(partialShape(props.shape)).strict();
  if (refine) {
    createProps = createProps.superRefine((p, ctx) => refine(p as Record<string, unknown>, ctx));
    updateProps = updateProps.superRefine((p, ctx) => refine(p as Record<string, unknown>, ctx));
  }
  return {
    geometry,
    keys: Object.keys(props.shape),
    create: z.object({ ...base, geometry: geometryCreate, properties: createProps }).strict(),
    update: z.object({ ...base, geometry: g.optional(), properties: updateProps.optional() }).strict(),
  };
}

function assetRefine(p: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const sub = p.subtype as keyof typeof ASSET_SUBTYPES | undefined;
  if (sub && p.category && ASSET_SUBTYPES[sub] && ASSET_SUBTYPES[sub].category !== p.category)
    ctx.addIssue({ code: 'custom', path: ['category'], message: `${sub} belongs to ${ASSET_SUBTYPES[sub].category}` });
  if (typeof p.contract_start === 'string' && typeof p.contract_end === 'string' && p.contract_end < p.contract_start)
    ctx.addIssue({ code: 'custom', path: ['contract_end'], message: 'contract ends before it starts' });
}

function termRefine(p: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (typeof p.term_start === 'string' && typeof p.term_end === 'string' && p.term_end < p.term_start)
    ctx.addIssue({ code: 'custom', path: ['term_end'], message: 'term ends before it starts' });
}

function linkRefine(p: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (p.from_node_id != null && p.from_node_id === p.to_node_id)
    ctx.addIssue({ code: 'custom', path: ['to_node_id'], message: 'a link joins two different nodes' });
}

function allianceRefine(p: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const members = p.member_village_ids as number[] | undefined;
  if (members && new Set(members).size !== members.length)
    ctx.addIssue({ code: 'custom', path: ['member_village_ids'], message: 'a village is listed twice' });
  if (members && p.lead_village_id != null && !members.includes(p.lead_village_id as number))
    ctx.addIssue({ code: 'custom', path: ['lead_village_id'], message: 'the lead village must be a member' });
}

/** A village's Feature geometry is its location; the boundary travels as a property. */
const villageWritable = villageProps.extend({ boundary: GEOMETRY_SCHEMAS.areal.nullable() });

export const LAYER_SCHEMAS = {
  townships: layer('areal', townshipProps),
  villages: layer('point', villageWritable),
  assets: layer('asset', assetProps, assetRefine),
  secretaries: layer('none', secretaryProps, termRefine),
  assessments: layer('none', assessmentProps),
  stations: layer('point', stationProps),
  chains: layer('none', chainProps),
  'chain-nodes': layer('point', chainNodeProps),
  'chain-links': layer('none', chainLinkProps, linkRefine),
  alliances: layer('none', allianceProps, allianceRefine),
} as const satisfies Record<string, LayerSchemas>;

export type LayerName = keyof typeof LAYER_SCHEMAS;
export const LAYER_NAMES = Object.keys(LAYER_SCHEMAS) as LayerName[];

/** Fields a secretary may change on their own secretary record ("contact fields"). */
export const SECRETARY_CONTACT_FIELDS = ['phone'] as const;

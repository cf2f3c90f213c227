/**
 * Form fields generated from the zod schemas in common/ (one source of truth for a record's
 * shape): each property becomes a field kind, its options, limits and whether it may be empty.
 */
import { z } from 'zod';

export type FieldKind = 'text' | 'textarea' | 'integer' | 'number' | 'date' | 'enum' | 'chips' | 'tags' | 'incomes';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  /** May be left empty (null). */
  nullable: boolean;
  /** Choices of an `enum` or `chips` field. */
  options?: readonly string[];
  min?: number;
  max?: number;
  maxLength?: number;
  /** Unit shown after a number (`亩`, `万元`, `m²`). */
  unit?: string;
}

interface JsonNode {
  type?: string | string[];
  anyOf?: JsonNode[];
  enum?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  items?: JsonNode;
}

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const SAFE = Number.MAX_SAFE_INTEGER;

/** Splits `X | null` into X and whether null is allowed. */
function unwrap(node: JsonNode): { node: JsonNode; nullable: boolean } {
  if (node.anyOf) {
    const rest = node.anyOf.filter((n) => n.type !== 'null');
    return { node: rest[0] ?? {}, nullable: rest.length < node.anyOf.length };
  }
  if (Array.isArray(node.type)) {
    const types = node.type.filter((t) => t !== 'null');
    return { node: { ...node, type: types[0] }, nullable: types.length < node.type.length };
  }
  return { node, nullable: false };
}

function kindOf(node: JsonNode): FieldKind {
  if (node.enum) return 'enum';
  if (node.type === 'integer') return 'integer';
  if (node.type === 'number') return 'number';
  if (node.type === 'array') return node.items?.type === 'object' ? 'incomes' : 'tags';
  if (node.type === 'string' && node.pattern === DATE_PATTERN) return 'date';
  if (node.type === 'string' && (node.maxLength ?? 0) > 200) return 'textarea';
  return 'text';
}

const bound = (v: number | undefined) => (v === undefined || Math.abs(v) >= SAFE ? undefined : v);

/**
 * The fields of `keys` in `schema`, in that order.
 * @param overrides per key: a different kind (`chips` with options), a unit
 * @example fieldSpecs(assetProps, ['name', 'area_mu'], { area_mu: { unit: '亩' } })
 */
export function fieldSpecs(
  schema: z.ZodObject,
  keys: readonly string[],
  overrides: Readonly<Record<string, Partial<FieldSpec>>> = {},
): FieldSpec[] {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any' }) as { properties?: Record<string, JsonNode> };
  return keys.map((key) => {
    const raw = json.properties?.[key];
    if (!raw) throw new Error(`No property "${key}" in the schema`);
    const { node, nullable } = unwrap(raw);
    const spec: FieldSpec = { key, kind: kindOf(node), nullable };
    if (node.enum) spec.options = node.enum;
    if (bound(node.minimum) !== undefined) spec.min = node.minimum;
    if (bound(node.maximum) !== undefined) spec.max = node.maximum;
    if (node.maxLength !== undefined) spec.maxLength = node.maxLength;
    return { ...spec, ...overrides[key] };
  });
}

/**
 * Response shapes for the OpenAPI document. Request shapes are the very schemas the server
 * validates with (common/schemas); the shapes below describe what the routes send back and are
 * built from the read shapes in records.ts wherever one exists.
 */
import { ROLES } from '../../common/enums.ts';
import {
  lineStringGeometry,
  multiPolygonGeometry,
  pointGeometry,
  polygonGeometry,
} from '../../common/schemas/geometry.ts';
import { LAYER_NAMES, type LayerName } from '../../common/schemas/layers.ts';
import {
  allianceProps,
  assessmentProps,
  assetProps,
  chainLinkProps,
  chainNodeProps,
  chainProps,
  rowMeta,
  secretaryProps,
  stationProps,
  townshipProps,
  villageDerived,
  villageProps,
} from '../../common/schemas/records.ts';
import { settingsSchema } from '../../common/schemas/settings.ts';
import { LAYER_LABELS } from '../services/layer-service.ts';
import { z } from 'zod';

/** `chain-nodes` → `ChainNode`: the component name of one feature of a layer. */
export const SINGULAR: Record<LayerName, string> = {
  townships: 'Township',
  villages: 'Village',
  assets: 'Asset',
  secretaries: 'Secretary',
  assessments: 'Assessment',
  stations: 'Station',
  chains: 'Chain',
  'chain-nodes': 'ChainNode',
  'chain-links': 'ChainLink',
  alliances: 'Alliance',
};

/** `chain-nodes` → `ChainNodes` (operation ids). */
export const PLURAL = Object.fromEntries(
  LAYER_NAMES.map((l) => [l, l.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())]),
) as Record<LayerName, string>;

// ---------------------------------------------------------------------------------------------
// Errors

export const errorDetail = z
  .object({
    path: z.string().meta({ description: 'The field or parameter at fault, dotted (`properties.area_mu`)' }),
    message: z.string(),
  })
  .meta({ id: 'ErrorDetail' });

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().meta({
        description: 'Machine-readable reason, e.g. `validation_failed`, `version_conflict` (see docs/api.md)',
        example: 'validation_failed',
      }),
      message: z.string().meta({ description: 'A sentence for people', example: 'The request has invalid fields' }),
      details: z.array(errorDetail).meta({ description: 'One entry per bad field; often empty' }),
      current_version: z
        .number()
        .int()
        .optional()
        .meta({ description: '412 `version_conflict`: the version the record has now' }),
      retry_after_s: z
        .number()
        .int()
        .optional()
        .meta({ description: '429: seconds until another login attempt is accepted' }),
    }),
  })
  .meta({ id: 'Error', description: 'Every 4xx/5xx answer of the API has this body; a 5xx never carries internals.' });

// ---------------------------------------------------------------------------------------------
// Geometry (RFC 7946, WGS-84 [lng, lat])

export const pointSchema = pointGeometry.meta({ id: 'Point' });
export const lineStringSchema = lineStringGeometry.meta({ id: 'LineString' });
export const polygonSchema = polygonGeometry.meta({ id: 'Polygon' });
export const multiPolygonSchema = multiPolygonGeometry.meta({ id: 'MultiPolygon' });
const areal = z.union([polygonSchema, multiPolygonSchema]);
const anyGeom = z.union([pointSchema, lineStringSchema, polygonSchema, multiPolygonSchema]);

/**
 * `schema` or null. (Not `schema.nullable()`: for a schema with a component id that would make
 * the component itself nullable wherever it is used.)
 */
function orNull(schema: z.ZodType, description?: string): z.ZodType {
  const u = z.union([schema, z.null()]);
  return description ? u.meta({ description }) : u;
}

/** What each layer's features carry as `geometry` when read. */
const READ_GEOMETRY: Record<LayerName, z.ZodType> = {
  townships: areal.meta({ description: 'The township boundary' }),
  villages: z.union([pointSchema, polygonSchema, multiPolygonSchema]).nullable().meta({
    description: 'The village location (Point); with `geom=boundary` its boundary (null when it has none)',
  }),
  assets: anyGeom,
  secretaries: orNull(pointSchema, 'Shown at their village (its location); read-only'),
  assessments: z.null().meta({ description: 'Assessments have no geometry' }),
  stations: pointSchema,
  chains: z.null().meta({ description: 'Chains have no geometry (their nodes do)' }),
  'chain-nodes': pointSchema,
  'chain-links': orNull(lineStringSchema, 'Derived: a line from the `from` node to the `to` node; read-only'),
  alliances: orNull(polygonSchema, "Derived: the convex hull of the member villages' boundaries; read-only"),
};

// ---------------------------------------------------------------------------------------------
// Features (read shapes + row metadata + derived properties)

export const READ_PROPS: Record<LayerName, z.ZodObject> = {
  townships: townshipProps,
  villages: villageProps.extend(villageDerived.shape),
  assets: assetProps,
  secretaries: secretaryProps.extend({
    phone_hidden: z.boolean().optional().meta({
      description: 'Present (true) when `phone` was blanked because the caller may not see it',
    }),
  }),
  assessments: assessmentProps,
  stations: stationProps.extend({
    effective_radius_m: z
      .number()
      .int()
      .meta({ description: '`service_radius_m`, or the configured default when that is null' }),
  }),
  chains: chainProps.extend({
    nodes: z
      .array(chainNodeProps.omit({ chain_id: true }).extend({ id: z.number().int(), lngLat: z.array(z.number()) }))
      .meta({ description: 'Derived: the chain’s live nodes' }),
    links: z
      .array(chainLinkProps.omit({ chain_id: true }).extend({ id: z.number().int() }))
      .meta({ description: 'Derived: the chain’s live links' }),
    stages: z.array(z.string()).meta({ description: 'Derived: the stages its nodes cover' }),
  }),
  'chain-nodes': chainNodeProps,
  'chain-links': chainLinkProps,
  alliances: allianceProps.extend({ member_count: z.number().int().min(0) }),
};

export function readPropertiesSchema(layer: LayerName): z.ZodType {
  return READ_PROPS[layer].extend(rowMeta.shape).meta({
    id: `${SINGULAR[layer]}Properties`,
    description: `Properties of ${LAYER_LABELS[layer].toLowerCase()} records as read (row metadata and derived values included)`,
  });
}

export function featureSchema(layer: LayerName): z.ZodType {
  return z
    .object({
      type: z.literal('Feature'),
      id: z.number().int().meta({ description: 'The row id' }),
      geometry: READ_GEOMETRY[layer],
      properties: readPropertiesSchema(layer),
    })
    .meta({
      id: SINGULAR[layer],
      description: `One ${layer} feature (GeoJSON); \`properties.version\` is its version`,
    });
}

export function featureCollectionSchema(layer: LayerName, feature: z.ZodType): z.ZodType {
  return z
    .object({
      type: z.literal('FeatureCollection'),
      features: z.array(feature),
      total: z.number().int().min(0).meta({ description: 'Matching rows over all pages (for paging)' }),
    })
    .meta({ id: `${SINGULAR[layer]}Collection` });
}

export const deletedSchema = z
  .object({
    id: z.number().int(),
    version: z.number().int().meta({ description: 'The version the deletion wrote' }),
    deleted_at: z.string().meta({ description: 'ISO time' }),
  })
  .meta({ id: 'Deleted' });

const snapshot = z
  .object({
    geometry: z.unknown().meta({ description: 'GeoJSON geometry or null' }),
    properties: z.record(z.string(), z.unknown()).meta({ description: 'The writable properties' }),
  })
  .meta({ id: 'Snapshot', description: 'The writable state of a row (what a revision stores)' });

export const revisionSchema = z
  .object({
    id: z.number().int().meta({ description: 'Revision id: send it to restore' }),
    version: z.number().int().meta({ description: 'The row version this revision wrote' }),
    action: z.enum(['create', 'update', 'delete', 'restore', 'import']),
    user: z.string().nullable(),
    at: z.string().meta({ description: 'ISO time' }),
    changed: z.array(z.string()).meta({ description: 'Property names that changed (`geometry` for the shape)' }),
    before: orNull(snapshot),
    after: orNull(snapshot),
    import_id: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'The import that wrote this revision (action `import`), else null' }),
  })
  .meta({ id: 'Revision' });

export const historySchema = z
  .object({ revisions: z.array(revisionSchema).meta({ description: 'Newest first' }) })
  .meta({ id: 'History' });

// ---------------------------------------------------------------------------------------------
// Meta, session, users, settings, audit

export const healthSchema = z
  .object({ ok: z.literal(true), db: z.enum(['sqlite', 'postgres']), version: z.string() })
  .meta({ id: 'Health' });

export const configSchema = z
  .object({
    basemap: z.object({
      id: z.enum(['tianditu', 'osm', 'none']),
      url: z.string().nullable().meta({ description: 'Tile URL template ({s}, {z}, {x}, {y})' }),
      overlayUrl: z.string().nullable().meta({ description: 'Label overlay tiles (Tianditu)' }),
      attribution: z.string(),
      subdomains: z.array(z.string()),
      maxZoom: z.number().int(),
    }),
    version: z.string(),
    map: z.object({
      cluster_above: z.number().int().meta({
        description: 'Villages in a view above which the map asks GET /api/clusters/villages instead of listing them',
      }),
    }),
  })
  .meta({ id: 'ClientConfig' });

export const sessionUserSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    display_name: z.string().nullable(),
    role: z.enum(ROLES),
    township_ids: z.array(z.number().int()).meta({ description: 'Officials: the townships they may edit' }),
    village_id: z.number().int().nullable().meta({ description: 'Secretaries: their village' }),
    secretary_id: z.number().int().nullable().meta({ description: 'Secretaries: their own secretary record' }),
  })
  .meta({ id: 'SessionUser' });

export const sessionSchema = z.object({ user: sessionUserSchema }).meta({ id: 'Session' });

export const userSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    display_name: z.string().nullable(),
    role: z.enum(ROLES),
    township_ids: z.array(z.number().int()),
    village_id: z.number().int().nullable(),
    secretary_id: z.number().int().nullable(),
    disabled: z.boolean(),
    locked: z.boolean().meta({ description: 'Locked for a while after too many wrong passwords' }),
    last_login_at: z.string().nullable(),
    must_change_password: z.boolean(),
    version: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'User', description: 'An account as admins see it (never the password hash)' });

export const userListSchema = z.object({ users: z.array(userSchema) }).meta({ id: 'UserList' });

export const settingsViewSchema = z
  .object({
    settings: settingsSchema,
    version: z.number().int().meta({ description: 'Concurrency token for PATCH (also the ETag)' }),
    updated_at: z.string().nullable(),
    updated_by: z.string().nullable(),
  })
  .meta({ id: 'SettingsView' });

export const auditListSchema = z
  .object({
    entries: z.array(
      z.object({
        id: z.number().int(),
        at: z.string(),
        user_id: z.number().int().nullable(),
        username: z.string().nullable(),
        action: z.string().meta({
          description: 'login, login_failed, logout, denied, user_create, user_update, password_reset, …',
        }),
        ip: z.string().nullable(),
        details: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
  })
  .meta({ id: 'AuditLog', description: 'Newest first' });

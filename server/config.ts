import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** SQLite file path (the embedded default) — ignored when DATABASE_URL is set. */
  DB_FILE: z.string().default(path.join(ROOT_DIR, 'data', 'xiangtu.sqlite')),
  /** `postgres://user:password@host:5432/db` selects PostgreSQL + PostGIS instead of SQLite. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** PostgreSQL schema holding Xiangtu's tables (created if missing; PostGIS stays in public). */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
    .default('public'),
  /** Load data/sample into an empty database on start ("1"/"0"). */
  SEED_SAMPLE: z.enum(['0', '1']).default('1'),
  BASEMAP: z.enum(['osm', 'tianditu', 'none']).default('osm'),
  TIANDITU_KEY: z.string().default(''),
  OSM_TILE_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** "1" behind HTTPS: session cookies get the Secure flag. */
  COOKIE_SECURE: z.enum(['0', '1']).default('0'),
  /** Express "trust proxy" setting when behind nginx (e.g. "loopback" or a hop count). */
  TRUST_PROXY: z.string().default(''),
  SESSION_IDLE_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(12),
  STATIC_DIR: z.string().default(path.join(ROOT_DIR, 'dist')),
  /** Where asset photos are stored, as `<sha256>.<ext>` (content-addressed). */
  UPLOAD_DIR: z.string().default(path.join(ROOT_DIR, 'data', 'uploads')),
  /** Largest photo accepted, in bytes (the client resizes to ≤ 1600 px JPEG first). */
  PHOTO_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(10_000)
    .max(50 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  /** Where `npm run backup` writes timestamped copies of the SQLite file. */
  BACKUP_DIR: z.string().default(path.join(ROOT_DIR, 'data', 'backups')),
  /** Most photos one asset may carry. */
  PHOTO_MAX_COUNT: z.coerce.number().int().min(1).max(50).default(6),
  /**
   * The map draws a zoomed-out view's villages as counted clusters (GET /api/clusters/villages)
   * when it holds more than this many; below it, as themselves.
   */
  MAP_CLUSTER_ABOVE: z.coerce.number().int().min(0).default(2000),
  /**
   * A layer with at least this many live features is clustered from centres each process keeps
   * in memory (server/services/cluster-index.ts) instead of by SQL; fewer, by SQL.
   */
  CLUSTER_INDEX_MIN_ROWS: z.coerce.number().int().min(1).default(50_000),
});

export type Config = z.infer<typeof envSchema>;

/** Parses the environment once; throws a readable error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** A config for tests: in-memory SQLite, no seeding, quiet logs, photos in a temporary directory. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ DB_FILE: ':memory:', SEED_SAMPLE: '0', LOG_LEVEL: 'silent' }),
    UPLOAD_DIR: path.join(os.tmpdir(), 'xiangtu-test-uploads'),
    ...overrides,
  };
}

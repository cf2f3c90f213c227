import type { Knex } from 'knex';
import type { Dialect } from '../dialects/dialect.ts';
import * as createDomain from './202611270001_create_domain.ts';
import * as uniqueCodes from './202611280001_unique_codes.ts';
import * as changeStamps from './202611290001_change_stamps.ts';
import * as liveSpatialIndex from './202611300001_live_spatial_index.ts';

export interface Migration {
  name: string;
  up(knex: Knex, dialect: Dialect): Promise<void>;
  down(knex: Knex, dialect: Dialect): Promise<void>;
}

/**
 * Every migration, in order. Listed statically (not discovered on disk) so the same code runs
 * under tsx, vitest and a bundler. Never edit a migration once it has landed: add a new one.
 */
export const MIGRATIONS: Migration[] = [
  { name: '202611270001_create_domain', ...createDomain },
  { name: '202611280001_unique_codes', ...uniqueCodes },
  { name: '202611290001_change_stamps', ...changeStamps },
  { name: '202611300001_live_spatial_index', ...liveSpatialIndex },
];

import type { Knex } from 'knex';
import type { Dialect } from '../dialects/dialect.ts';

/** Columns of every editable row: version, who and when, soft delete (ARCHITECTURE.md "Data"). */
function rowColumns(t: Knex.CreateTableBuilder): void {
  t.integer('version').notNullable().defaultTo(1);
  t.string('created_at', 30).notNullable();
  t.string('created_by', 64);
  t.string('updated_at', 30).notNullable();
  t.string('updated_by', 64);
  t.string('deleted_at', 30);
}

/** GeoJSON geometry text plus its bbox, which the spatial index is built on. */
function geometryColumns(t: Knex.CreateTableBuilder, column = 'geometry', nullable = false): void {
  const g = t.text(column);
  if (!nullable) g.notNullable();
  t.double('minx');
  t.double('miny');
  t.double('maxx');
  t.double('maxy');
}

const SPATIAL_TABLES = ['townships', 'villages', 'assets', 'stations', 'chain_nodes'];

export async function up(knex: Knex, dialect: Dialect): Promise<void> {
  await knex.schema.createTable('townships', (t) => {
    t.increments('id');
    t.string('code', 9).notNullable();
    t.string('name', 50).notNullable();
    t.string('county', 50).notNullable();
    geometryColumns(t);
    rowColumns(t);
    t.index(['code']);
  });

  await knex.schema.createTable('villages', (t) => {
    t.increments('id');
    t.string('code', 12).notNullable();
    t.integer('code_edition').notNullable();
    t.string('name', 50).notNullable();
    t.integer('township_id').notNullable().references('townships.id');
    t.text('location').notNullable(); // GeoJSON Point: the village committee
    t.double('lng').notNullable();
    t.double('lat').notNullable();
    t.text('boundary'); // GeoJSON Polygon/MultiPolygon, optional
    // bbox of location ∪ boundary: the spatial index answers both geom=location and geom=boundary
    t.double('minx');
    t.double('miny');
    t.double('maxx');
    t.double('maxy');
    t.integer('registered_population');
    t.integer('resident_population');
    t.integer('households');
    t.integer('party_members');
    t.text('incomes').notNullable().defaultTo('[]'); // [{year,total,operating}] 万元
    t.double('operating_income'); // latest year's operating income, kept by the repository for band filters
    t.integer('income_year');
    t.text('flags').notNullable().defaultTo('[]');
    t.text('honours').notNullable().defaultTo('[]');
    t.text('notes');
    rowColumns(t);
    t.index(['code']);
    t.index(['township_id']);
    t.index(['name']);
  });

  await knex.schema.createTable('assets', (t) => {
    t.increments('id');
    t.integer('village_id').notNullable().references('villages.id');
    t.string('external_id', 64);
    t.string('category', 20).notNullable();
    t.string('subtype', 20).notNullable();
    t.string('name', 100).notNullable();
    geometryColumns(t);
    t.double('area_mu');
    t.double('area_m2');
    t.double('book_value');
    t.string('ownership', 20);
    t.string('operation_mode', 20);
    t.string('lessee', 100);
    t.string('contract_start', 10);
    t.string('contract_end', 10);
    t.double('annual_income');
    t.string('source', 20);
    t.text('photos').notNullable().defaultTo('[]');
    t.text('notes');
    rowColumns(t);
    t.index(['village_id']);
    t.index(['external_id']);
    t.index(['subtype']);
  });

  await knex.schema.createTable('secretaries', (t) => {
    t.increments('id');
    t.integer('village_id').notNullable().references('villages.id');
    t.string('name', 50).notNullable();
    t.string('gender', 4);
    t.string('role', 20).notNullable();
    t.string('unit', 100);
    t.string('unit_level', 10);
    t.string('batch', 50);
    t.string('term_start', 10);
    t.string('term_end', 10);
    t.string('status', 10).notNullable();
    t.string('phone', 20); // restricted (PIPL): filtered by the permission policy on every read
    t.text('notes');
    rowColumns(t);
    t.index(['village_id']);
    t.index(['term_end']);
  });

  await knex.schema.createTable('assessments', (t) => {
    t.increments('id');
    t.integer('secretary_id').notNullable().references('secretaries.id');
    t.integer('year').notNullable();
    t.string('grade', 10).notNullable();
    t.double('score');
    t.integer('days_in_village');
    rowColumns(t);
    t.index(['secretary_id', 'year']);
  });

  await knex.schema.createTable('stations', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    t.string('level', 10).notNullable();
    t.integer('township_id').notNullable().references('townships.id');
    t.integer('village_id').references('villages.id');
    geometryColumns(t);
    t.double('building_area');
    t.double('hall_area');
    t.double('activity_room_area');
    t.double('square_area');
    t.text('functions').notNullable().defaultTo('[]');
    t.string('opening_hours', 200);
    t.integer('staff_on_duty');
    t.text('service_items');
    t.integer('service_radius_m'); // null = the configured default
    rowColumns(t);
    t.index(['township_id']);
  });

  await knex.schema.createTable('chains', (t) => {
    t.increments('id');
    t.string('name', 50).notNullable();
    t.string('lead_product', 50);
    t.string('level', 20);
    t.text('description');
    rowColumns(t);
  });

  await knex.schema.createTable('chain_nodes', (t) => {
    t.increments('id');
    t.integer('chain_id').notNullable().references('chains.id');
    t.integer('village_id').references('villages.id');
    t.string('name', 100).notNullable();
    t.string('stage', 20).notNullable();
    t.string('operator', 20);
    t.double('capacity');
    t.string('capacity_unit', 20);
    geometryColumns(t);
    rowColumns(t);
    t.index(['chain_id']);
    t.index(['village_id']);
  });

  await knex.schema.createTable('chain_links', (t) => {
    t.increments('id');
    t.integer('chain_id').notNullable().references('chains.id');
    t.integer('from_node_id').notNullable().references('chain_nodes.id');
    t.integer('to_node_id').notNullable().references('chain_nodes.id');
    t.string('product', 50);
    t.double('volume');
    t.string('volume_unit', 20);
    t.string('mode', 10);
    rowColumns(t);
    t.index(['chain_id']);
  });

  await knex.schema.createTable('alliances', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    t.string('type', 20).notNullable();
    t.string('status', 10).notNullable();
    t.integer('lead_village_id').references('villages.id');
    t.text('partner_enterprises').notNullable().defaultTo('[]');
    t.text('chain_ids').notNullable().defaultTo('[]');
    t.string('committee_name', 100);
    t.string('committee_secretary', 50);
    t.string('start_date', 10);
    t.text('benefit_rule');
    t.string('meeting_cadence', 100);
    t.text('notes');
    rowColumns(t);
  });

  // Members are part of their alliance's record: written, versioned and revisioned with it.
  await knex.schema.createTable('alliance_members', (t) => {
    t.integer('alliance_id').notNullable().references('alliances.id');
    t.integer('village_id').notNullable().references('villages.id');
    t.primary(['alliance_id', 'village_id']);
    t.index(['village_id']);
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('username', 64).notNullable().unique();
    t.string('display_name', 64);
    t.string('password_hash', 200).notNullable();
    t.string('role', 16).notNullable();
    t.text('township_ids').notNullable().defaultTo('[]'); // officials' scope
    t.integer('village_id').references('villages.id'); // secretaries' scope
    t.integer('secretary_id').references('secretaries.id'); // a secretary's own record (contact fields)
    t.string('disabled_at', 30);
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.string('locked_until', 30);
    t.string('last_login_at', 30);
    t.boolean('must_change_password').notNullable().defaultTo(false);
    rowColumns(t);
  });

  // Sessions live in the database so several server processes can share them.
  await knex.schema.createTable('sessions', (t) => {
    t.string('id_hash', 64).primary(); // sha-256 of the cookie token; the token itself is never stored
    t.integer('user_id').notNullable().references('users.id');
    t.string('created_at', 30).notNullable();
    t.string('expires_at', 30).notNullable();
    t.string('last_seen_at', 30).notNullable();
    t.string('ip', 64);
    t.string('user_agent', 200);
    t.index(['user_id']);
    t.index(['expires_at']);
  });

  await knex.schema.createTable('revisions', (t) => {
    t.increments('id');
    t.string('table_name', 32).notNullable();
    t.integer('row_id').notNullable();
    t.integer('version').notNullable();
    t.string('action', 16).notNullable(); // create | update | delete | restore | import
    t.integer('user_id');
    t.string('username', 64);
    t.string('at', 30).notNullable();
    t.text('before');
    t.text('after');
    t.integer('import_id');
    t.index(['table_name', 'row_id']);
    t.index(['at']);
  });

  await knex.schema.createTable('imports', (t) => {
    t.increments('id');
    t.string('layer', 32).notNullable();
    t.string('filename', 200);
    t.string('format', 16);
    t.string('source_crs', 32);
    t.integer('user_id');
    t.string('at', 30).notNullable();
    t.integer('created').notNullable().defaultTo(0);
    t.integer('updated').notNullable().defaultTo(0);
  });

  // Uploaded photos, stored under data/uploads by content hash.
  await knex.schema.createTable('files', (t) => {
    t.string('sha256', 64).primary();
    t.string('mime', 50).notNullable();
    t.integer('bytes').notNullable();
    t.integer('width');
    t.integer('height');
    t.string('created_at', 30).notNullable();
    t.string('created_by', 64);
  });

  // Province-specific wording and thresholds, edited by admins.
  await knex.schema.createTable('settings', (t) => {
    t.string('key', 64).primary();
    t.text('value').notNullable(); // JSON
    t.integer('version').notNullable().defaultTo(1);
    t.string('updated_at', 30).notNullable();
    t.string('updated_by', 64);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id');
    t.string('at', 30).notNullable();
    t.integer('user_id');
    t.string('username', 64);
    t.string('action', 32).notNullable(); // login | login_failed | denied | import | export | …
    t.string('ip', 64);
    t.text('details');
    t.index(['at']);
  });

  for (const table of SPATIAL_TABLES) await dialect.createSpatialIndex(knex, table);
}

export async function down(knex: Knex, dialect: Dialect): Promise<void> {
  for (const table of SPATIAL_TABLES) await dialect.dropSpatialIndex(knex, table);
  for (const table of [
    'audit_log',
    'settings',
    'files',
    'imports',
    'revisions',
    'sessions',
    'users',
    'alliance_members',
    'alliances',
    'chain_links',
    'chain_nodes',
    'chains',
    'stations',
    'assessments',
    'secretaries',
    'assets',
    'villages',
    'townships',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}

import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ATTENTION_KINDS } from '../../common/stats/types.ts';
import { SECRETARY_STATE_VALUES } from '../../common/secretary-state.ts';
import { errors, json, SIGNED_IN } from './blocks.ts';
import { safeObject } from './safe.ts';

const bands = z.array(z.object({ band: z.string(), count: z.number().int() }));
const township = z
  .string()
  .optional()
  .meta({ description: 'Comma-separated township ids; leave out for the whole county (unknown ids: 400)' });
const days = z
  .number()
  .int()
  .optional()
  .meta({ description: 'Terms and contracts ending within this many days, 1–365 (default 90)' });

const stats = z
  .object({
    as_of: z.string().meta({ description: 'Today (the server clock), YYYY-MM-DD' }),
    township_ids: z.array(z.number().int()),
    thresholds: z.object({ shell: z.number(), weak: z.number(), strong: z.number() }),
    villages: z.object({ total: z.number().int(), residents: z.number() }),
    income: z.object({
      current: bands.meta({ description: 'Villages per band by the latest year’s operating income; 未填报: none' }),
      by_year: z.array(z.object({ year: z.number().int(), bands })),
    }),
    secretaries: z.object({
      in_post: z.number().int().meta({ description: 'First secretaries (第一书记) with status 在岗' }),
      terms_ending: z.number().int().meta({ description: 'Of those, terms ending within 90 days or past' }),
      target_villages: z.number().int(),
      village_states: z.array(z.object({ state: z.enum(SECRETARY_STATE_VALUES), count: z.number().int() })),
    }),
    coverage: z.object({
      radius_m: z.number().int(),
      stations: z.number().int(),
      villages: z.number().int(),
      covered_villages: z.number().int(),
      residents: z.number(),
      covered_residents: z.number(),
    }),
    assets: z.object({
      by_subtype: z.array(
        z.object({
          subtype: z.string(),
          category: z.string(),
          land: z.boolean(),
          count: z.number().int(),
          area_mu: z.number(),
          area_m2: z.number(),
          book_value: z.number().meta({ description: '万元' }),
          annual_income: z.number().meta({ description: '万元 per year' }),
        }),
      ),
      count: z.number().int(),
      area_mu: z.number(),
      area_m2: z.number(),
      book_value: z.number(),
    }),
    alliances: z.object({
      by_status: z.array(z.object({ status: z.string(), count: z.number().int() })),
      total: z.number().int(),
    }),
    chains: z.array(
      z.object({
        chain_id: z.number().int(),
        name: z.string(),
        required_present: z.number().int(),
        required_total: z.number().int(),
        optional_present: z.number().int(),
        missing: z.array(z.string()),
        node_count: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'DashboardStats' });

const attention = z
  .object({
    as_of: z.string(),
    days: z.number().int(),
    total: z.number().int().meta({ description: 'Items before the cap' }),
    counts: z.record(z.enum(ATTENTION_KINDS), z.number().int()),
    items: z.array(
      z.object({
        kind: z.enum(ATTENTION_KINDS),
        layer: z.enum(['secretaries', 'villages', 'assets']),
        id: z.number().int(),
        village_id: z.number().int(),
        village_name: z.string(),
        title: z.string(),
        detail: z.string().meta({ description: 'A short description in Chinese' }),
        date: z.string().optional(),
        days_left: z.number().int().optional(),
        flags: z.array(z.string()).optional(),
        value: z.number().nullable().optional(),
      }),
    ),
  })
  .meta({ id: 'AttentionList' });

/** The officials' dashboard of issue #4. */
export function registerStats(reg: OpenAPIRegistry): void {
  const tags = ['stats'];
  const bad = errors({ ...SIGNED_IN, 400: ['invalid_query'] });
  reg.registerPath({
    method: 'get',
    path: '/api/stats',
    operationId: 'dashboardStats',
    tags,
    summary: 'Dashboard figures of the county or some townships',
    description:
      'Villages by income band (now and per year), first secretaries (in post, terms ending within 90 days, ' +
      'villages per secretary state), station coverage, assets by subtype, alliances by status, chains by stage ' +
      'completeness. Every signed-in role.',
    request: { query: safeObject({ township }, 'stats query') },
    responses: { 200: { description: 'Figures', content: json(stats, 'stats') }, ...bad },
  });
  reg.registerPath({
    method: 'get',
    path: '/api/stats/attention',
    operationId: 'attentionList',
    tags,
    summary: 'What needs attention: ending terms and contracts, vacant target villages, uncovered villages',
    description:
      'Dated items first (soonest end, overdue first), then target villages without a first secretary, then ' +
      'villages outside every station’s service circle (most residents first); at most `limit` items, `total` ' +
      'counts them all.',
    request: {
      query: safeObject(
        { township, days, limit: z.number().int().optional().meta({ description: 'Most items, 1–500 (default 50)' }) },
        'attention query',
      ),
    },
    responses: { 200: { description: 'The list', content: json(attention, 'attention') }, ...bad },
  });
  reg.registerPath({
    method: 'get',
    path: '/api/stats.xlsx',
    operationId: 'dashboardWorkbook',
    tags,
    summary: 'The dashboard figures and the whole attention list as an Excel workbook (one sheet per table)',
    request: { query: safeObject({ township, days }, 'workbook query') },
    responses: {
      200: {
        description: 'The workbook (download)',
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
            schema: { type: 'string' as const, format: 'binary' },
          },
        },
      },
      ...bad,
    },
  });
}

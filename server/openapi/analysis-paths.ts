import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { CHAIN_STAGES } from '../../common/enums.ts';
import { BODY, errors, geojson, idParam, json, SIGNED_IN } from './blocks.ts';
import { safeObject } from './safe.ts';

const lngLat = z.array(z.number()).length(2);
const totals = z.object({
  villages: z.number(),
  covered_villages: z.number(),
  residents: z.number(),
  covered_residents: z.number(),
});

const coverageView = z
  .object({
    radius_m: z.number().int(),
    villages: z.array(
      z.object({
        village_id: z.number().int(),
        name: z.string(),
        township_id: z.number().int(),
        lngLat,
        residents: z.number(),
        nearest_station_id: z.number().int().nullable(),
        nearest_distance_m: z.number().nullable(),
        covered: z.boolean(),
        covered_by: z.number().int().nullable(),
      }),
    ),
    summary: z.object({ overall: totals, by_township: z.array(totals.extend({ township_id: z.number().int() })) }),
    suggestions: z.array(
      z.object({
        village_id: z.number().int(),
        name: z.string(),
        lngLat,
        gain_residents: z.number(),
        gain_villages: z.number(),
        covers: z.array(z.number().int()),
      }),
    ),
  })
  .meta({ id: 'CoverageView' });

const reason = z.object({
  kind: z.enum(['distance', 'income', 'chain', 'asset', 'township']),
  value: z.number().meta({ description: 'The component score, 0..1' }),
  weight: z.number(),
  share: z.number().meta({ description: 'Its share of the score; shares sum to 1' }),
  text_zh: z.string(),
  text_en: z.string(),
});
const partners = z
  .object({
    village_id: z.number().int(),
    suggestions: z.array(
      z.object({
        village_id: z.number().int(),
        name: z.string(),
        township_id: z.number().int(),
        distance_m: z.number(),
        score: z.number(),
        reasons: z.array(reason),
      }),
    ),
  })
  .meta({ id: 'PartnerSuggestions' });

const supplier = z.object({
  village_id: z.number().int().nullable(),
  name: z.string(),
  distance_m: z.number(),
  via: z.enum(['node', 'asset']),
  node_id: z.number().int().optional(),
  asset_id: z.number().int().optional(),
  subtype: z.string().optional(),
  stage: z.enum(CHAIN_STAGES),
  lngLat,
});
const gaps = z
  .object({
    chain_id: z.number().int(),
    alliance_id: z.number().int().nullable(),
    present: z.array(z.enum(CHAIN_STAGES)),
    missing: z.array(
      z.object({
        group: z.string(),
        stage: z.enum(CHAIN_STAGES),
        stages: z.array(z.enum(CHAIN_STAGES)),
        required: z.boolean(),
        suppliers: z.array(supplier),
      }),
    ),
  })
  .meta({ id: 'ChainGaps' });

const summary = z
  .object({
    member_count: z.number().int(),
    member_ids: z.array(z.number().int()),
    lead_village_id: z.number().int().nullable(),
    hull: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(lngLat)) }).nullable(),
    area_km2: z.number(),
    population: z.object({ registered: z.number(), resident: z.number() }),
    income: z.object({ total: z.number(), operating: z.number(), by_band: z.record(z.string(), z.number()) }),
    assets_by_subtype: z.array(
      z.object({
        subtype: z.string(),
        count: z.number(),
        area_mu: z.number().nullable(),
        area_m2: z.number().nullable(),
        book_value: z.number().nullable(),
      }),
    ),
    chain_stages: z.object({
      present: z.array(z.string()),
      missing: z.array(
        z.object({ stage: z.string(), required: z.boolean(), chain_ids: z.array(z.number()) }).passthrough(),
      ),
      by_chain: z.array(z.object({}).passthrough()),
    }),
    stations: z.object({ inside: z.number(), ids: z.array(z.number()) }),
    coverage: totals,
  })
  .meta({ id: 'AllianceSummary' });

const num = (d: string) => z.number().optional().meta({ description: d });

/** The planning analyses of issue #6. */
export function registerAnalysis(reg: OpenAPIRegistry): void {
  const tags = ['analysis'];
  const bad = errors({ ...SIGNED_IN, 400: ['invalid_query'] });
  reg.registerPath({
    method: 'get',
    path: '/api/analysis/coverage',
    operationId: 'stationCoverage',
    tags,
    summary: 'Station coverage and sites for new stations',
    description:
      'For every village: the nearest station (great-circle) and whether any station’s service radius reaches it; totals per township and overall; and the `k` village sites that would newly cover the most uncovered residents (greedy maximal coverage).',
    request: {
      query: safeObject(
        {
          radius: num('Service radius (m) for stations without their own, and for new sites; default: the setting'),
          township: z.string().optional().meta({ description: 'Comma-separated township ids' }),
          k: num('How many new sites to suggest (0–50, default 3)'),
        },
        'coverage query',
      ),
    },
    responses: { 200: { description: 'Coverage', content: json(coverageView, 'coverage') }, ...bad },
  });
  reg.registerPath({
    method: 'get',
    path: '/api/analysis/partners',
    operationId: 'partnerSuggestions',
    tags,
    summary: 'Ranked partner villages, with reasons',
    description:
      'Candidates within `maxKm`, scored on distance, income complementarity (strong ↔ weak), chain stages and assets one has that the other lacks, and same/adjacent township. Weights `w_*` default to 0.3/0.25/0.2/0.15/0.1.',
    request: {
      query: safeObject(
        {
          village: z.number().int().meta({ description: 'The village to find partners for' }),
          maxKm: num('Search radius in km (default 10)'),
          limit: num('Most suggestions (default 10)'),
          w_distance: num('Weight of distance'),
          w_income: num('Weight of income complementarity'),
          w_chain: num('Weight of chain-stage complementarity'),
          w_asset: num('Weight of asset complementarity'),
          w_township: num('Weight of same/adjacent township'),
        },
        'partners query',
      ),
    },
    responses: {
      200: { description: 'Suggestions', content: json(partners, 'partners') },
      ...errors({ ...SIGNED_IN, 400: ['invalid_query'], 404: ['not_found'] }),
    },
  });
  reg.registerPath({
    method: 'post',
    path: '/api/analysis/alliance-summary',
    operationId: 'draftAllianceSummary',
    tags,
    summary: 'Summary of a draft alliance (unsaved selection)',
    request: {
      body: {
        required: true,
        content: json(
          z.object({
            member_village_ids: z.array(z.number().int()),
            lead_village_id: z.number().int().nullable().optional(),
            chain_ids: z.array(z.number().int()).optional(),
          }),
          'draft',
        ),
      },
    },
    responses: {
      200: { description: 'Summary', content: json(summary, 'summary') },
      ...errors({ ...SIGNED_IN, ...BODY }),
    },
  });
  reg.registerPath({
    method: 'get',
    path: '/api/chains/{id}/gaps',
    operationId: 'chainGaps',
    tags,
    summary:
      'Missing stages of a chain (or of an alliance’s part of it) and the nearest villages that could supply them',
    request: {
      params: idParam('Chain'),
      query: safeObject(
        {
          alliance: num('Restrict to this alliance’s member villages'),
          limit: num('Suppliers per missing stage (default 5)'),
        },
        'gaps query',
      ),
    },
    responses: {
      200: { description: 'Gaps', content: json(gaps, 'gaps') },
      ...errors({ ...SIGNED_IN, 400: ['invalid_query'], 404: ['not_found'] }),
    },
  });
  reg.registerPath({
    method: 'get',
    path: '/api/alliances/{id}/summary',
    operationId: 'allianceSummary',
    tags,
    summary: 'Summary of a saved alliance',
    request: { params: idParam('Alliance') },
    responses: {
      200: {
        description: 'Summary',
        content: json(summary.extend({ alliance_id: z.number().int(), name: z.string() }), 'summary'),
      },
      ...errors({ ...SIGNED_IN, 404: ['not_found'] }),
    },
  });
  reg.registerPath({
    method: 'get',
    path: '/api/alliances/{id}/plan.geojson',
    operationId: 'alliancePlan',
    tags,
    summary: 'The alliance plan as GeoJSON: the hull with the summary figures, and every member village',
    request: { params: idParam('Alliance') },
    responses: {
      200: {
        description: 'A FeatureCollection (download)',
        content: geojson(
          z.object({ type: z.literal('FeatureCollection'), features: z.array(z.object({}).passthrough()) }),
          'plan',
        ),
      },
      ...errors({ ...SIGNED_IN, 404: ['not_found'] }),
    },
  });
}

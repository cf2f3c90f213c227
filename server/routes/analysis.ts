import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { userOf } from '../http/auth.ts';
import { HttpError } from '../http/errors.ts';
import { parseId, parseQuery } from '../http/query.ts';
import { validationError } from '../services/validation.ts';

const num = (min: number, max: number) =>
  z
    .string()
    .max(20)
    .regex(/^\d+(\.\d+)?$/, 'expected a number')
    .transform(Number)
    .pipe(z.number().min(min).max(max));
const int = (min: number, max: number) =>
  z
    .string()
    .max(12)
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const coverageQuery = z
  .object({
    radius: int(50, 50_000).optional(),
    township: z
      .string()
      .max(500)
      .regex(/^\d+(,\d+)*$/, 'expected township ids, comma-separated')
      .transform((s) => s.split(',').map(Number))
      .optional(),
    k: int(0, 50).optional(),
  })
  .strict();

const partnersQuery = z
  .object({
    village: int(1, Number.MAX_SAFE_INTEGER),
    maxKm: num(0.1, 200).optional(),
    limit: int(1, 100).optional(),
    w_distance: num(0, 100).optional(),
    w_income: num(0, 100).optional(),
    w_chain: num(0, 100).optional(),
    w_asset: num(0, 100).optional(),
    w_township: num(0, 100).optional(),
  })
  .strict();

const gapsQuery = z
  .object({
    alliance: int(1, Number.MAX_SAFE_INTEGER).optional(),
    // A draft's members: the same analysis for an unsaved selection.
    villages: z
      .string()
      .max(4000)
      .regex(/^\d+(,\d+)*$/, 'expected village ids, comma-separated')
      .transform((s) => s.split(',').map(Number))
      .optional(),
    limit: int(1, 20).optional(),
  })
  .strict();

const draftBody = z
  .object({
    member_village_ids: z.array(z.number().int().positive()).max(500),
    lead_village_id: z.number().int().positive().nullable().optional(),
    chain_ids: z.array(z.number().int().positive()).max(100).optional(),
  })
  .strict();

/** Planning analyses (issue #6): coverage and siting, partners, chain gaps, alliance summaries and plans. */
export function analysisRouter({ services }: AppDeps): Router {
  const r = Router();
  const svc = services.analysis;

  r.get('/analysis/coverage', async (req, res) => {
    const q = parseQuery(coverageQuery, req.query);
    res.json(await svc.coverage({ radius: q.radius, townshipIds: q.township, k: q.k ?? 3 }));
  });

  r.get('/analysis/partners', async (req, res) => {
    const q = parseQuery(partnersQuery, req.query);
    const weights = Object.fromEntries(
      (['distance', 'income', 'chain', 'asset', 'township'] as const)
        .filter((k) => q[`w_${k}`] !== undefined)
        .map((k) => [k, q[`w_${k}`]]),
    );
    if (Object.keys(weights).length && Object.values(weights).every((w) => w === 0))
      throw new HttpError(400, 'invalid_query', 'At least one weight must be above 0', [
        { path: 'w_distance', message: 'all weights are 0' },
      ]);
    res.json(await svc.partners({ village: q.village, maxKm: q.maxKm ?? 10, limit: q.limit ?? 10, weights }));
  });

  r.post('/analysis/alliance-summary', async (req, res) => {
    const body = draftBody.safeParse(req.body);
    if (!body.success) throw validationError(body.error);
    const d = body.data;
    if (d.lead_village_id != null && !d.member_village_ids.includes(d.lead_village_id))
      throw new HttpError(400, 'validation_failed', 'The lead village must be a member', [
        { path: 'lead_village_id', message: 'not a member' },
      ]);
    res.json(
      await svc.allianceSummary({
        member_village_ids: d.member_village_ids,
        lead_village_id: d.lead_village_id ?? null,
        chain_ids: d.chain_ids ?? [],
      }),
    );
  });

  r.get('/chains/:id/gaps', async (req, res) => {
    const q = parseQuery(gapsQuery, req.query);
    if (q.alliance != null && q.villages)
      throw new HttpError(400, 'invalid_query', 'Give either alliance or villages', [
        { path: 'villages', message: 'not with alliance' },
      ]);
    res.json(await svc.chainGaps(parseId(req.params.id, 'Chain'), q.alliance ?? null, q.limit ?? 5, q.villages));
  });

  r.get('/alliances/:id/summary', async (req, res) => {
    const { alliance, summary } = await svc.savedAllianceSummary(parseId(req.params.id, 'Alliance'));
    res.json({ alliance_id: Number(alliance.id), name: alliance.name, ...summary });
  });

  /** A plan as GeoJSON: the hull with the summary figures, and each member village. */
  r.get('/alliances/:id/plan.geojson', async (req, res) => {
    const id = parseId(req.params.id, 'Alliance');
    const { alliance, summary } = await svc.savedAllianceSummary(id);
    const members = await services.layers.list(userOf(res), 'villages', {
      villageIds: summary.member_ids,
      limit: 500,
      offset: 0,
    });
    const { hull } = summary;
    // Flat, scalar properties: QGIS, ArcGIS and Shapefile show nested objects as strings.
    const figures: Record<string, string | number | null> = {
      member_count: summary.member_count,
      lead_village_id: summary.lead_village_id,
      area_km2: summary.area_km2,
      population_registered: summary.population.registered,
      population_resident: summary.population.resident,
      income_total: summary.income.total,
      income_operating: summary.income.operating,
      ...Object.fromEntries(Object.entries(summary.income.by_band).map(([band, n]) => [`villages_${band}`, n])),
      asset_count: summary.assets_by_subtype.reduce((s, a) => s + a.count, 0),
      assets: summary.assets_by_subtype.map((a) => `${a.subtype}×${a.count}`).join('、'),
      stages_present: summary.chain_stages.present.join('、'),
      stages_missing: summary.chain_stages.missing.map((m) => m.stage).join('、'),
      stations_inside: summary.stations.inside,
      covered_villages: summary.coverage.covered_villages,
      covered_residents: summary.coverage.covered_residents,
    };
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: `alliance-${id}`,
          geometry: hull,
          properties: {
            kind: 'alliance',
            name: alliance.name,
            type: alliance.type,
            status: alliance.status,
            ...figures,
          },
        },
        ...members.features.map((f) => ({
          type: 'Feature',
          id: `village-${f.id}`,
          geometry: f.geometry,
          properties: {
            kind: 'member',
            village_id: f.id,
            name: f.properties.name,
            code: f.properties.code,
            township_name: f.properties.township_name,
            income_band: f.properties.income_band,
            resident_population: f.properties.resident_population,
            lead: f.id === alliance.lead_village_id,
          },
        })),
      ],
    };
    const filename = encodeURIComponent(`${String(alliance.name)}.geojson`);
    res
      .type('application/geo+json')
      .set('Content-Disposition', `attachment; filename="alliance-${id}.geojson"; filename*=UTF-8''${filename}`)
      .send(JSON.stringify(fc));
  });

  return r;
}

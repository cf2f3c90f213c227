import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app.ts';
import { parseQuery } from '../http/query.ts';
import { statsWorkbook } from '../io/stats-workbook.ts';

const townships = z
  .string()
  .max(500)
  .regex(/^[1-9]\d{0,9}(,[1-9]\d{0,9})*$/, 'expected township ids, comma-separated')
  .transform((s) => [...new Set(s.split(',').map(Number))])
  .optional();
const int = (min: number, max: number) =>
  z
    .string()
    .max(6)
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional();

const statsQuery = z.object({ township: townships }).strict();
const attentionQuery = z.object({ township: townships, days: int(1, 365), limit: int(1, 500) }).strict();

/** Every item of the attention list goes into the workbook. */
const WORKBOOK_ITEMS = 100_000;

/** The officials' dashboard (issue #4): figures, the attention list and both as Excel. */
export function statsRouter({ services, clock }: AppDeps): Router {
  const r = Router();
  const svc = services.stats;

  r.get('/stats', async (req, res) => {
    const q = parseQuery(statsQuery, req.query);
    res.json(await svc.figures(q.township ?? []));
  });

  r.get('/stats/attention', async (req, res) => {
    const q = parseQuery(attentionQuery, req.query);
    res.json(await svc.attention(q.township ?? [], q.days ?? 90, q.limit ?? 50));
  });

  r.get('/stats.xlsx', async (req, res) => {
    const q = parseQuery(attentionQuery.pick({ township: true, days: true }), req.query);
    const ids = q.township ?? [];
    const names = (await svc.townships(ids)).map((t) => t.name);
    const { stats, attention } = await svc.all(ids, q.days ?? 90, WORKBOOK_ITEMS);
    const scope = ids.length ? names.join('、') : '全县';
    const body = await statsWorkbook(stats, attention, scope, clock.now());
    const filename = encodeURIComponent(`乡图统计-${scope.slice(0, 40)}-${stats.as_of}.xlsx`);
    res
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .set(
        'Content-Disposition',
        `attachment; filename="xiangtu-stats-${stats.as_of}.xlsx"; filename*=UTF-8''${filename}`,
      )
      .send(body);
  });

  return r;
}

import { Router } from 'express';
import type { AppDeps } from '../app.ts';
import { requireUser } from '../http/auth.ts';

const TIANDITU = 'https://t{s}.tianditu.gov.cn';

/** `GET /api/health` and `GET /api/config` (base map settings for the client). */
export function metaRouter({ db, config, version }: AppDeps): Router {
  const r = Router();

  r.get('/health', async (_req, res) => {
    await db.knex.raw('select 1');
    res.json({ ok: true, db: db.dialect.name, version });
  });

  r.get('/config', requireUser, (_req, res) => {
    const useTianditu = config.BASEMAP === 'tianditu' && config.TIANDITU_KEY !== '';
    const basemap =
      config.BASEMAP === 'none'
        ? { id: 'none', url: null, overlayUrl: null, attribution: '', subdomains: [], maxZoom: 18 }
        : useTianditu
          ? {
              id: 'tianditu',
              url: `${TIANDITU}/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(config.TIANDITU_KEY)}`,
              overlayUrl: `${TIANDITU}/cva_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cva&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(config.TIANDITU_KEY)}`,
              attribution: '天地图 © 国家地理信息公共服务平台',
              subdomains: ['0', '1', '2', '3', '4', '5', '6', '7'],
              maxZoom: 18,
            }
          : {
              id: 'osm',
              url: config.OSM_TILE_URL,
              overlayUrl: null,
              attribution: '© OpenStreetMap contributors',
              subdomains: [],
              maxZoom: 19,
            };
    res.json({ basemap, version, map: { cluster_above: config.MAP_CLUSTER_ABOVE } });
  });

  return r;
}

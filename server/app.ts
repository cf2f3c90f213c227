import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { LAYER_NAMES, type LayerName } from '../common/schemas/layers.ts';
import { DEFAULT_SESSION_CONFIG, SessionService } from './auth/session-service.ts';
import type { Config } from './config.ts';
import type { Database } from './db/connection.ts';
import { authenticate, currentUser, requireUser, sameOriginWrites } from './http/auth.ts';
import { apiNotFound, errorHandler } from './http/errors.ts';
import { assertJsonDepth, jsonOrUpload } from './http/json-guard.ts';
import { AnalysisRepository } from './repositories/analysis-repository.ts';
import { AuditRepository } from './repositories/audit-repository.ts';
import { FeatureRepository } from './repositories/feature-repository.ts';
import { LookupRepository } from './repositories/lookup-repository.ts';
import { FileRepository } from './repositories/file-repository.ts';
import { IoRepository } from './repositories/io-repository.ts';
import { LAYERS } from './repositories/layer-specs.ts';
import { RevisionRepository } from './repositories/revision-repository.ts';
import { SessionRepository } from './repositories/session-repository.ts';
import { SettingsRepository } from './repositories/settings-repository.ts';
import { StatsRepository } from './repositories/stats-repository.ts';
import { UserRepository } from './repositories/user-repository.ts';
import { adminRouter } from './routes/admin.ts';
import { analysisRouter } from './routes/analysis.ts';
import { docsRouter } from './routes/docs.ts';
import { ioRouter } from './routes/io.ts';
import { layersRouter } from './routes/layers.ts';
import { metaRouter } from './routes/meta.ts';
import { photosRouter } from './routes/photos.ts';
import { sessionRouter } from './routes/session.ts';
import { statsRouter } from './routes/stats.ts';
import { townshipsRouter } from './routes/townships.ts';
import { AnalysisService } from './services/analysis-service.ts';
import { clustersRouter } from './routes/clusters.ts';
import { ClusterIndex } from './services/cluster-index.ts';
import { ExportService } from './services/export-service.ts';
import { VillageExportRepository } from './repositories/village-export-repository.ts';
import { exportFields } from './io/labels.ts';
import { TARGET_VILLAGE_FLAGS } from '../common/enums.ts';
import { ImportService } from './services/import-service.ts';
import { LayerService } from './services/layer-service.ts';
import { PhotoService } from './services/photo-service.ts';
import { SettingsService } from './services/settings-service.ts';
import { StatsService } from './services/stats-service.ts';
import { StationIndexCache } from './services/station-index.ts';
import { TownshipIndex } from './services/township-index.ts';
import { UserService } from './services/user-service.ts';

export interface Clock {
  now(): Date;
}

export interface Services {
  settings: SettingsService;
  layers: LayerService;
  sessions: SessionService;
  users: UserService;
  audit: AuditRepository;
  analysis: AnalysisService;
  imports: ImportService;
  exports: ExportService;
  stats: StatsService;
  photos: PhotoService;
  clusterIndex: ClusterIndex;
  townshipIndex: TownshipIndex;
}

export interface AppDeps {
  db: Database;
  config: Config;
  log: Logger;
  clock: Clock;
  version: string;
  services: Services;
}

export const systemClock: Clock = { now: () => new Date() };

/** Wires repositories into services: the one place that knows the object graph. */
export function createServices(db: Database, config: Config, clock: Clock): Services {
  const lookups = new LookupRepository(db);
  const audit = new AuditRepository(db);
  const users = new UserRepository(db);
  const sessionRepo = new SessionRepository(db);
  const settings = new SettingsService(new SettingsRepository(db));
  const repos = Object.fromEntries(LAYER_NAMES.map((l) => [l, new FeatureRepository(db, LAYERS[l])])) as Record<
    LayerName,
    FeatureRepository
  >;
  const layers = new LayerService({ repos, lookups, revisions: new RevisionRepository(db), settings, clock });
  const io = new IoRepository(db);
  const stationIndex = new StationIndexCache(db);
  return {
    settings,
    audit,
    layers,
    sessions: new SessionService(users, sessionRepo, audit, clock, {
      ...DEFAULT_SESSION_CONFIG,
      idleHours: config.SESSION_IDLE_HOURS,
    }),
    users: new UserService(users, sessionRepo, lookups, audit, clock),
    analysis: new AnalysisService(new AnalysisRepository(db), settings, stationIndex),
    imports: new ImportService({ layers, io, audit, clock }),
    exports: new ExportService({
      layers,
      io,
      audit,
      clock,
      villages: {
        repo: new VillageExportRepository(
          db,
          repos.villages,
          exportFields('villages').map((d) => d.key),
          TARGET_VILLAGE_FLAGS.length,
        ),
        settings,
      },
    }),
    stats: new StatsService({ stats: new StatsRepository(db), stationIndex, settings, clock }),
    clusterIndex: new ClusterIndex(db, config.CLUSTER_INDEX_MIN_ROWS),
    townshipIndex: new TownshipIndex(db),
    photos: new PhotoService({
      layers,
      files: new FileRepository(db),
      clock,
      limits: { dir: config.UPLOAD_DIR, maxBytes: config.PHOTO_MAX_BYTES, maxCount: config.PHOTO_MAX_COUNT },
    }),
  };
}

/**
 * Builds the Express app. No side effects beyond what `deps` do: tests drive it with supertest
 * over a real (in-memory or temporary) SQLite database.
 */
export function createApp(input: Pick<AppDeps, 'db' | 'config' | 'log'> & Partial<AppDeps>): Express {
  const clock = input.clock ?? systemClock;
  const deps: AppDeps = {
    clock,
    version: '0.0.0',
    services: input.services ?? createServices(input.db, input.config, clock),
    ...input,
  };
  const { config, log, services } = deps;
  const app = express();
  app.disable('x-powered-by');
  // ETags are versions (set per resource); content-hash ETags on lists would look like versions.
  app.set('etag', false);
  app.set('query parser', 'extended');
  if (config.TRUST_PROXY) app.set('trust proxy', config.TRUST_PROXY);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:', 'blob:', 'https:'],
          'connect-src': ["'self'"],
          // The service worker (dist/sw.js) that opens the app shell offline; nothing else.
          'worker-src': ["'self'"],
          'object-src': ["'none'"],
          'frame-ancestors': ["'none'"],
          // Township offices often serve plain http on a LAN: upgrading would break every asset.
          'upgrade-insecure-requests': config.COOKIE_SECURE === '1' ? [] : null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(
    pinoHttp({
      logger: log,
      autoLogging: { ignore: (req) => req.url === '/api/health' },
      // Never log cookies or bodies (passwords).
      serializers: { req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }) },
    }),
  );

  const api = express.Router();
  api.use(express.json({ limit: '2mb', verify: (_req, _res, buf) => assertJsonDepth(buf) }));
  api.use(sameOriginWrites);
  api.use(jsonOrUpload);
  api.use(authenticate(services.sessions));
  api.use(metaRouter(deps));
  api.use(sessionRouter(deps));
  api.use(docsRouter(deps));
  api.use(requireUser);
  api.use(adminRouter(deps));
  api.use(analysisRouter(deps));
  api.use(statsRouter(deps));
  // Before the layers: `/import`, `/export/…` and `/clusters/…` would otherwise read as layer names.
  api.use(ioRouter(deps));
  api.use(clustersRouter(deps));
  // Before the layers too: `/files/…` would read as a layer, `/assets/:id/photos` is not a layer route.
  api.use(photosRouter(deps));
  // `/townships/index` and `/townships/at` would read as township ids.
  api.use(townshipsRouter(deps));
  api.use(layersRouter(deps));
  api.use(apiNotFound);
  app.use('/api', api);

  const indexHtml = path.join(config.STATIC_DIR, 'index.html');
  if (fs.existsSync(indexHtml)) {
    app.use('/assets', express.static(path.join(config.STATIC_DIR, 'assets'), { immutable: true, maxAge: '1y' }));
    app.use(
      express.static(config.STATIC_DIR, {
        index: false,
        maxAge: '1h',
        // A new build must reach phones at their next visit: the worker is always revalidated.
        setHeaders: (res, file) => {
          if (path.basename(file) === 'sw.js') res.setHeader('Cache-Control', 'no-cache');
        },
      }),
    );
    // Client-side routes: every other GET gets the SPA shell.
    app.get(/.*/, (_req, res) => res.sendFile(indexHtml, { maxAge: 0 }));
  }

  app.use(
    errorHandler(log, (status, req, res) => {
      // Failed logins are audited by the session service itself.
      if (status !== 403 || (req.method === 'POST' && req.path === '/api/session')) return;
      const user = currentUser(res);
      void services.audit
        .append({
          at: clock.now().toISOString(),
          user_id: user?.id ?? null,
          username: user?.username ?? null,
          action: 'denied',
          ip: req.ip ?? null,
          details: { method: req.method, path: req.originalUrl.slice(0, 200) },
        })
        .catch((err: unknown) => log.warn({ err }, 'audit write failed'));
    }),
  );
  return app;
}

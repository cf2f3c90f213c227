import { Router } from 'express';
import type { AppDeps } from '../app.ts';
import { DOCS_CSS } from '../openapi/docs-css.ts';
import { openApiDocument, type OpenApiDocument } from '../openapi/document.ts';
import { renderDocsHtml } from '../openapi/html.ts';

/**
 * The API reference: `GET /api/openapi.json` (OpenAPI 3.1), `GET /api/docs` (the same as a page)
 * and `GET /api/docs.css`. Public on purpose: they describe the API and hold no township data
 * (app.ts mounts this router before `requireUser`). Both are built on first request, then reused.
 */
export function docsRouter({ version }: AppDeps): Router {
  const r = Router();
  let doc: OpenApiDocument | undefined;
  let html: string | undefined;
  const document = () => (doc ??= openApiDocument(version));

  r.get('/openapi.json', (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(document());
  });
  r.get('/docs', (_req, res) => {
    html ??= renderDocsHtml(document());
    res.set('Cache-Control', 'no-cache').type('html').send(html);
  });
  r.get('/docs.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(DOCS_CSS);
  });

  return r;
}

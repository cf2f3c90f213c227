import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LAYER_NAMES } from '../../common/schemas/layers.ts';
import { listQuerySchema } from '../../server/http/query.ts';
import { openApiDocument, type OpenApiDocument } from '../../server/openapi/document.ts';
import { renderDocsHtml } from '../../server/openapi/html.ts';
import { safe } from '../../server/openapi/safe.ts';
import { SINGULAR } from '../../server/openapi/schemas.ts';
import { BEHAVIOURS } from '../../server/services/layers/behaviours.ts';
import { makeTestApp, signedIn, type TestApp } from '../helpers/app.ts';
import { METHODS, mountedRoutes, type Method } from '../helpers/routes.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- the document is walked as plain JSON */

let t: TestApp;
let admin: request.Agent;
let doc: any;

beforeAll(async () => {
  t = await makeTestApp({ sample: true });
  admin = await signedIn(t.app, 'admin');
  doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
});
afterAll(() => t.close());

/** Every [method, path] the document describes. */
function operations(d: any): [Method, string][] {
  const out: [Method, string][] = [];
  for (const [path, item] of Object.entries<any>(d.paths)) for (const m of METHODS) if (item[m]) out.push([m, path]);
  return out;
}

/**
 * A 404 from the app's catch-all (`No API route …`), or from the layers router refusing an unknown
 * first segment (`No layer "…"`): either way no route of that shape exists.
 */
function unrouted(res: request.Response): boolean {
  const message: string = res.body?.error?.message ?? '';
  return res.status === 404 && (/^No API route/.test(message) || /^No layer "/.test(message));
}

const LAYER_OPS = (layer: string): [Method, string][] => [
  ['get', `/api/${layer}`],
  ['post', `/api/${layer}`],
  ['get', `/api/${layer}/{id}`],
  ['patch', `/api/${layer}/{id}`],
  ['delete', `/api/${layer}/{id}`],
  ['get', `/api/${layer}/{id}/history`],
  ['post', `/api/${layer}/{id}/restore`],
];

const KNOWN_ROUTES: [Method, string][] = [
  ['get', '/api/health'],
  ['get', '/api/config'],
  ['post', '/api/session'],
  ['get', '/api/session'],
  ['delete', '/api/session'],
  ['post', '/api/session/password'],
  ['get', '/api/users'],
  ['post', '/api/users'],
  ['get', '/api/users/{id}'],
  ['patch', '/api/users/{id}'],
  ['post', '/api/users/{id}/password'],
  ['get', '/api/settings'],
  ['patch', '/api/settings'],
  ['get', '/api/audit'],
  ['get', '/api/openapi.json'],
  ['get', '/api/docs'],
  ['get', '/api/docs.css'],
  ['post', '/api/assets/{id}/photos'],
  ['delete', '/api/assets/{id}/photos/{hash}'],
  ['get', '/api/files/{hash}'],
  ['get', '/api/townships/index'],
  ['get', '/api/townships/at'],
  ...LAYER_NAMES.flatMap(LAYER_OPS),
];

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document, public, with the app version, every schema converted', async () => {
    const res = await request(t.app).get('/api/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.version).toBe('test');
    expect(doc['x-unconverted-schemas']).toBeUndefined();
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie' });
  });

  it('is built once per process', () => {
    const a: OpenApiDocument = openApiDocument('a');
    const b: OpenApiDocument = openApiDocument('b');
    expect(a.paths).toBe(b.paths);
    expect([a.info.version, b.info.version]).toEqual(['a', 'b']);
  });

  it.each(LAYER_NAMES)('documents all 7 operations of %s', (layer) => {
    for (const [m, p] of LAYER_OPS(layer)) expect(doc.paths[p]?.[m], `${m} ${p}`).toBeDefined();
    const one = SINGULAR[layer];
    const paths = doc.paths;
    const create = paths[`/api/${layer}`].post;
    expect(create.requestBody.content['application/json'].schema.$ref).toBe(`#/components/schemas/${one}Create`);
    expect(create.responses['201']).toBeDefined();
    expect(create.description).toMatch(/admin: all; official: .+; planner: .+; secretary: .+/);
    const patch = paths[`/api/${layer}/{id}`].patch;
    expect(patch.requestBody.content['application/json'].schema.$ref).toBe(`#/components/schemas/${one}Update`);
    expect(patch.parameters).toContainEqual(
      expect.objectContaining({ name: 'If-Match', in: 'header', required: true }),
    );
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '412', '428']));
    const del = paths[`/api/${layer}/{id}`].delete;
    expect(del.parameters).toContainEqual(expect.objectContaining({ name: 'If-Match', required: true }));
    expect(Object.keys(del.responses)).toEqual(expect.arrayContaining(['409', '412', '428']));
    expect(paths[`/api/${layer}/{id}`].get.responses['200'].headers.ETag).toBeDefined();
    expect(paths[`/api/${layer}`].get.responses['200'].content['application/geo+json'].schema.$ref).toBe(
      `#/components/schemas/${one}Collection`,
    );
    // Every error answer has the one error body.
    for (const [, p] of LAYER_OPS(layer))
      for (const op of Object.values<any>(paths[p]))
        for (const [status, r] of Object.entries<any>(op.responses))
          if (Number(status) >= 400)
            expect(r.content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
  });

  it.each(LAYER_NAMES)('documents the list parameters of %s', (layer) => {
    const names = doc.paths[`/api/${layer}`].get.parameters.map((p: { name: string }) => p.name);
    const expected = [
      ...Object.keys(listQuerySchema.shape).filter((k) => k !== 'geom' || layer === 'villages'),
      ...Object.keys(BEHAVIOURS[layer].filters ?? {}),
    ];
    expect(names.sort()).toEqual(expected.sort());
  });

  it('quotes the permission policy in each write', () => {
    const d = (m: Method, p: string) => doc.paths[p][m].description as string;
    expect(d('post', '/api/townships')).toContain('admin: all; official: no; planner: no; secretary: no');
    expect(d('post', '/api/villages')).toContain('secretary: no');
    expect(d('patch', '/api/villages/{id}')).toContain('official: own townships; planner: no; secretary: own village');
    expect(d('post', '/api/assets')).toContain('secretary: own village');
    expect(d('patch', '/api/secretaries/{id}')).toContain(
      'secretary: own secretary record, contact fields only (phone)',
    );
    expect(d('delete', '/api/secretaries/{id}')).toContain('secretary: no');
    expect(d('post', '/api/chains')).toContain('planner: all');
    expect(d('post', '/api/users')).toContain('Admins only');
  });

  it('answers every documented operation with a real route (never "No API route")', async () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(LAYER_NAMES.length * 7);
    const misses: string[] = [];
    for (const [m, p] of ops) {
      const url = p.replace(/\{[^}]+\}/g, '1');
      // Logging out would end the admin session the other calls use.
      const agent = m === 'delete' && p === '/api/session' ? request(t.app) : admin;
      const res = await agent[m](url).send(m === 'get' || m === 'delete' ? undefined : {});
      if (unrouted(res)) misses.push(`${m} ${p}`);
      expect(res.status, `${m} ${url}: ${JSON.stringify(res.body)}`).toBeLessThan(500);
    }
    expect(misses).toEqual([]);
    // The detector itself works.
    expect(unrouted(await admin.get('/api/no/such/route/here').expect(404))).toBe(true);
    expect(unrouted(await admin.get('/api/no-such-layer').expect(404))).toBe(true);
    expect(unrouted(await admin.get('/api/villages/999999').expect(404))).toBe(false);
  });

  it('documents every known route and every route the app mounts', () => {
    const documented = new Set(operations(doc).map(([m, p]) => `${m} ${p}`));
    const undocumented = (list: [Method, string][]) =>
      list.map(([m, p]) => `${m} ${p}`).filter((k) => !documented.has(k));
    expect(undocumented(KNOWN_ROUTES)).toEqual([]);
    const mounted = mountedRoutes(t.app);
    expect(mounted.length).toBeGreaterThanOrEqual(KNOWN_ROUTES.length);
    expect(undocumented(mounted)).toEqual([]);
  });

  it('describes the features the layers really return', async () => {
    const schemas = doc.components.schemas;
    for (const layer of LAYER_NAMES) {
      const props = schemas[`${SINGULAR[layer]}Properties`];
      const documented = Object.keys(props.properties);
      const fc = (await admin.get(`/api/${layer}?limit=3`).expect(200)).body;
      expect(fc.features.length, layer).toBeGreaterThan(0);
      for (const f of fc.features) {
        const keys = Object.keys(f.properties);
        expect(
          keys.filter((k) => !documented.includes(k)),
          `${layer}: undocumented properties`,
        ).toEqual([]);
        expect(
          props.required.filter((k: string) => !keys.includes(k)),
          `${layer}: missing properties`,
        ).toEqual([]);
        expect(typeof f.id).toBe('number');
      }
    }
  });
});

describe('GET /api/docs', () => {
  it('is a public HTML page of every layer, with no scripts or inline styles, under the CSP', async () => {
    const res = await request(t.app).get('/api/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    const html = res.text;
    for (const layer of LAYER_NAMES) {
      expect(html).toContain(`/api/${layer}/{id}/restore`);
      expect(html).toContain(`id="tag-${layer}"`);
    }
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).toContain('<link rel="stylesheet" href="docs.css">');
    expect(html).toContain('secretary: own secretary record, contact fields only (phone)');
    const css = await request(t.app).get('/api/docs.css').expect(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    expect(css.text).toContain('.op');
  });

  it('escapes every string it renders', () => {
    const evil = '<script>alert("x")</script>';
    const html = renderDocsHtml({
      openapi: '3.1.0',
      info: { title: evil, version: '"><img src=x onerror=alert(1)>' },
      tags: [{ name: evil, description: evil }],
      paths: {
        [`/api/${evil}`]: {
          get: {
            tags: [evil],
            summary: evil,
            description: `\`${evil}\``,
            parameters: [{ name: evil, in: 'query', description: evil, schema: { type: 'string', example: evil } }],
            responses: { [evil]: { description: evil, content: { [evil]: { schema: { description: evil } } } } },
          },
        },
      },
      components: { schemas: { [evil]: { description: evil } } },
    } as OpenApiDocument);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;script&#62;');
  });
});

describe('conversion fallback', () => {
  it('stands in for a zod construct the generator cannot convert', () => {
    const odd = z.map(z.string(), z.number()).describe('A map');
    const s = safe(odd, 'test map');
    expect(s).not.toBe(odd);
    expect(s.description).toMatch(/A map\. \(The exact schema of test map could not be converted/);
    const fine = z.object({ a: z.string() });
    expect(safe(fine, 'fine')).toBe(fine);
  });
});

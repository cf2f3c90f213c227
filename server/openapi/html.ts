/**
 * The OpenAPI document as one readable HTML page, rendered on the server: no scripts and no inline
 * styles (the Content-Security-Policy allows neither); the stylesheet is `docs.css` beside it.
 * Every string from the document is escaped.
 */
import type { OpenApiDocument } from './document.ts';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escapes, then turns `code` spans and blank lines of a description into markup. */
function prose(text: string | undefined): string {
  if (!text) return '';
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
    .join('');
}

const anchor = (kind: string, name: string) => `${kind}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function refName(v: unknown): string | null {
  if (!isObj(v) || typeof v.$ref !== 'string') return null;
  const m = /^#\/components\/schemas\/(.+)$/.exec(v.$ref);
  return m ? m[1]! : null;
}

/** Pretty JSON with every `"$ref": "#/components/schemas/X"` linked to that schema below. */
function jsonBlock(value: unknown): string {
  const text = escapeHtml(JSON.stringify(value, null, 2));
  const linked = text.replace(
    /&#34;#\/components\/schemas\/([A-Za-z0-9_.-]+)&#34;/g,
    (_m, name: string) => `<a href="#${anchor('schema', name)}">&#34;#/components/schemas/${name}&#34;</a>`,
  );
  return `<pre class="json">${linked}</pre>`;
}

/** A short type for a parameter table: `integer ≥ 1`, `one of: a, b`, `string /^\d+$/`. */
function typeSummary(schema: unknown): string {
  const ref = refName(schema);
  if (ref) return ref;
  if (!isObj(schema)) return '';
  if (Array.isArray(schema.enum)) return `one of: ${schema.enum.map(String).join(', ')}`;
  const parts = [Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any')];
  if (typeof schema.minimum === 'number') parts.push(`≥ ${schema.minimum}`);
  if (typeof schema.maximum === 'number') parts.push(`≤ ${schema.maximum}`);
  if (typeof schema.maxLength === 'number') parts.push(`max ${schema.maxLength} chars`);
  if (typeof schema.pattern === 'string') parts.push(`/${schema.pattern}/`);
  return parts.join(' ');
}

function schemaRef(schema: unknown): string {
  const ref = refName(schema);
  if (ref) return `<a href="#${anchor('schema', ref)}">${escapeHtml(ref)}</a>`;
  return `<details><summary>schema</summary>${jsonBlock(schema)}</details>`;
}

function parametersHtml(params: Json | undefined): string {
  if (!Array.isArray(params) || !params.length) return '';
  const rows = params.filter(isObj).map((p) => {
    const ex = isObj(p.schema) ? p.schema.example : undefined;
    const example = ex === undefined ? '' : typeof ex === 'string' ? ex : JSON.stringify(ex);
    return (
      `<tr><td><code>${escapeHtml(String(p.name))}</code>${p.required ? ' <span class="req">required</span>' : ''}</td>` +
      `<td>${escapeHtml(String(p.in))}</td><td>${escapeHtml(typeSummary(p.schema))}</td>` +
      `<td>${prose(typeof p.description === 'string' ? p.description : '')}` +
      `${example ? `<p class="example">e.g. <code>${escapeHtml(example)}</code></p>` : ''}</td></tr>`
    );
  });
  return (
    '<h4>Parameters</h4><table class="params"><thead><tr><th>name</th><th>in</th><th>type</th><th>description</th>' +
    `</tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

function requestBodyHtml(body: Json | undefined, schemas: Obj): string {
  if (!isObj(body) || !isObj(body.content)) return '';
  const out: string[] = ['<h4>Request body</h4>'];
  for (const [type, media] of Object.entries(body.content)) {
    const schema = isObj(media) ? media.schema : undefined;
    const ref = refName(schema);
    out.push(
      `<p><code>${escapeHtml(type)}</code>${body.required ? ' <span class="req">required</span>' : ''}` +
        `${ref ? ` — <a href="#${anchor('schema', ref)}">${escapeHtml(ref)}</a>` : ''}</p>`,
      jsonBlock(ref && schemas[ref] !== undefined ? schemas[ref] : schema),
    );
  }
  return out.join('');
}

function responsesHtml(responses: Json | undefined): string {
  if (!isObj(responses)) return '';
  const rows = Object.entries(responses).map(([status, r]) => {
    const resp = isObj(r) ? r : {};
    const content = isObj(resp.content)
      ? Object.entries(resp.content)
          .map(([type, m]) => `<code>${escapeHtml(type)}</code> ${isObj(m) ? schemaRef(m.schema) : ''}`)
          .join('<br>')
      : '';
    const headers = isObj(resp.headers)
      ? `<p class="headers">Headers: ${Object.keys(resp.headers)
          .map((h) => `<code>${escapeHtml(h)}</code>`)
          .join(', ')}</p>`
      : '';
    const cls = status.startsWith('2') ? 'ok' : 'err';
    return (
      `<tr><td class="status ${cls}">${escapeHtml(status)}</td>` +
      `<td>${prose(typeof resp.description === 'string' ? resp.description : '')}${headers}</td><td>${content}</td></tr>`
    );
  });
  return `<h4>Responses</h4><table class="responses"><tbody>${rows.join('')}</tbody></table>`;
}

interface Op {
  method: string;
  path: string;
  op: Obj;
}

function operationHtml({ method, path, op }: Op, schemas: Obj): string {
  const id = typeof op.operationId === 'string' ? op.operationId : `${method}-${path}`;
  const isPublic = Array.isArray(op.security) && op.security.length === 0;
  return (
    `<article class="op" id="${escapeHtml(anchor('op', id))}">` +
    `<h3><span class="method m-${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> ` +
    `<code class="path">${escapeHtml(path)}</code>${isPublic ? ' <span class="public">public</span>' : ''}</h3>` +
    `<p class="summary">${escapeHtml(String(op.summary ?? ''))}</p>` +
    prose(typeof op.description === 'string' ? op.description : '') +
    parametersHtml(op.parameters) +
    requestBodyHtml(op.requestBody, schemas) +
    responsesHtml(op.responses) +
    '</article>'
  );
}

/** The whole page. */
export function renderDocsHtml(doc: OpenApiDocument): string {
  const d = doc as unknown as Obj;
  const info = isObj(d.info) ? d.info : {};
  const schemas = isObj(d.components) && isObj(d.components.schemas) ? d.components.schemas : {};
  const tagList = (Array.isArray(d.tags) ? d.tags : []).filter(isObj);
  const byTag = new Map<string, Op[]>(tagList.map((t) => [String(t.name), []]));
  for (const [path, item] of Object.entries(isObj(d.paths) ? d.paths : {})) {
    if (!isObj(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const tag = Array.isArray(op.tags) && typeof op.tags[0] === 'string' ? op.tags[0] : 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method, path, op });
    }
  }
  const tagDescription = (name: string) => tagList.find((t) => t.name === name)?.description;
  const groups = [...byTag].filter(([, ops]) => ops.length);

  const nav = groups
    .map(
      ([tag, ops]) =>
        `<li><a href="#${escapeHtml(anchor('tag', tag))}">${escapeHtml(tag)}</a><ul>` +
        ops
          .map(
            (o) =>
              `<li><a href="#${escapeHtml(anchor('op', String(o.op.operationId ?? `${o.method}-${o.path}`)))}">` +
              `<span class="method m-${escapeHtml(o.method)}">${escapeHtml(o.method.toUpperCase())}</span> ` +
              `${escapeHtml(o.path)}</a></li>`,
          )
          .join('') +
        '</ul></li>',
    )
    .join('');
  const sections = groups
    .map(
      ([tag, ops]) =>
        `<section class="tag" id="${escapeHtml(anchor('tag', tag))}"><h2>${escapeHtml(tag)}</h2>` +
        prose(typeof tagDescription(tag) === 'string' ? String(tagDescription(tag)) : '') +
        ops.map((o) => operationHtml(o, schemas)).join('') +
        '</section>',
    )
    .join('');
  const schemaSection = Object.entries(schemas)
    .map(
      ([name, s]) =>
        `<details class="schema" id="${escapeHtml(anchor('schema', name))}"><summary>${escapeHtml(name)}</summary>` +
        `${jsonBlock(s)}</details>`,
    )
    .join('');
  const title = `${String(info.title ?? 'API')} ${String(info.version ?? '')}`.trim();

  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)}</title><link rel="stylesheet" href="docs.css"></head><body>` +
    `<header><h1>${escapeHtml(title)}</h1>` +
    `<p class="meta">OpenAPI ${escapeHtml(String(d.openapi ?? ''))} · <a href="openapi.json">openapi.json</a></p>` +
    `${prose(typeof info.description === 'string' ? info.description : '')}</header>` +
    `<div class="layout"><nav><ul>${nav}<li><a href="#schemas">schemas</a></li></ul></nav><main>${sections}` +
    `<section id="schemas"><h2>Schemas</h2>${schemaSection}</section></main></div></body></html>`
  );
}

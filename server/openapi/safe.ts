import { OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

/** Schemas that did not convert, by where they were used (the document lists them). */
export const unconverted: string[] = [];

/** Throws when zod-to-openapi cannot convert `schema` (an unsupported zod type somewhere inside). */
function convert(schema: z.ZodType): void {
  const probe = new OpenAPIRegistry();
  probe.registerPath({
    method: 'get',
    path: '/probe',
    responses: { 200: { description: 'probe', content: { 'application/json': { schema } } } },
  });
  new OpenApiGeneratorV31(probe.definitions).generateDocument({ openapi: '3.1.0', info: { title: '', version: '' } });
}

/**
 * `schema` if zod-to-openapi can convert it, else a permissive stand-in that says so: one odd zod
 * construct (a custom type, a map, …) must cost its own detail, never the whole document.
 */
export function safe(schema: z.ZodType, where: string): z.ZodType {
  try {
    convert(schema);
    return schema;
  } catch {
    unconverted.push(where);
    const description = schema.description;
    return z.any().meta({
      description: `${description ? `${description}. ` : ''}(The exact schema of ${where} could not be converted; the server validates it.)`,
    });
  }
}

/** A z.object whose every field went through `safe` (for parameters and headers). */
export function safeObject(shape: Record<string, z.ZodType>, where: string): z.ZodObject {
  return z.object(Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, safe(s, `${where} ${k}`)])));
}

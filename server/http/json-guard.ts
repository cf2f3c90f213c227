import { HttpError } from './errors.ts';

/** Deeper JSON than any real request (GeoJSON MultiPolygons nest 4 arrays inside 2 objects). */
export const MAX_JSON_DEPTH = 32;

/**
 * Throws 400 when a JSON text nests deeper than `max`. `JSON.parse` accepts 500,000 levels, but
 * the validators and `JSON.stringify` then overflow the stack, so depth is bounded before parsing.
 * A linear scan of the bytes that skips strings; used as express.json's `verify` hook.
 */
export function assertJsonDepth(buf: Buffer, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) throw new HttpError(400, 'too_deep', `JSON nested deeper than ${max} levels`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

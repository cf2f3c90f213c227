import type { Request } from 'express';
import { HttpError } from './errors.ts';

/** Parses `If-Match: "3"` (or W/"3", or 3). */
function parse(header: string | undefined): number | null {
  if (header == null) return null;
  const m = /^\s*(?:W\/)?"?(\d{1,12})"?\s*$/.exec(header);
  if (!m) throw new HttpError(400, 'bad_if_match', 'If-Match must be the version in quotes, e.g. "3"');
  return Number(m[1]);
}

/** The version a write is based on; 428 without it (a blind write could overwrite someone's edit). */
export function requireIfMatch(req: Request): number {
  const v = parse(req.get('if-match'));
  if (v == null)
    throw new HttpError(
      428,
      'precondition_required',
      'Send If-Match with the version you edited (from the ETag) so no edit is lost',
    );
  return v;
}

export function optionalIfMatch(req: Request): number | null {
  return parse(req.get('if-match'));
}

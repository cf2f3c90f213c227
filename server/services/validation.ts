import type { z } from 'zod';
import { HttpError, type ErrorDetail } from '../http/errors.ts';

/** zod issues → `details: [{path: "properties.area_mu", message}]`, one per bad field. */
export function zodDetails(error: z.ZodError, prefix: (string | number)[] = []): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key].join('.'), message: `unknown field "${key}"` });
    } else if (
      issue.code === 'invalid_union' &&
      'errors' in issue &&
      Array.isArray(issue.errors) &&
      issue.errors.length
    ) {
      // Report the branch that got furthest rather than "invalid input".
      const best = (issue.errors as z.core.$ZodIssue[][]).reduce((a, b) => (b.length < a.length ? b : a));
      for (const sub of best) out.push({ path: [...path, ...sub.path.map(String)].join('.'), message: sub.message });
    } else {
      out.push({ path: path.join('.'), message: issue.message });
    }
  }
  return out;
}

export function validationError(error: z.ZodError, prefix: (string | number)[] = []): HttpError {
  return new HttpError(400, 'validation_failed', 'The request has invalid fields', zodDetails(error, prefix));
}

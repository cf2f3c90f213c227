import { Router } from 'express';
import type { AppDeps } from '../app.ts';

/** Placeholder replaced by the generated OpenAPI document below. */
export function docsRouter(_deps: AppDeps): Router {
  return Router();
}

import { ASSESSMENT_GRADES, DEFAULT_SERVICE_RADIUS_M, VILLAGE_FLAGS } from '../../../common/enums.ts';
import { DEFAULT_INCOME_THRESHOLDS } from '../../../common/income.ts';
import type { Settings } from '../../../common/schemas/settings.ts';
import { ApiError, getJson, requestJson } from './http.ts';

export type { Settings };

/** `GET /api/settings`: the settings with who changed them last. */
export interface SettingsView {
  settings: Settings;
  /** Send back as If-Match when saving. */
  version: number;
  updated_at: string | null;
  updated_by: string | null;
}

/**
 * The built-in settings (what "恢复默认" fills in). The same values as `DEFAULT_SETTINGS` in
 * common/schemas/settings.ts, built from the plain enums so the client bundle needs no zod.
 */
export function defaultSettings(): Settings {
  return {
    income_thresholds: { ...DEFAULT_INCOME_THRESHOLDS },
    default_service_radius_m: DEFAULT_SERVICE_RADIUS_M,
    assessment_grades: [...ASSESSMENT_GRADES],
    village_flags: [...VILLAGE_FLAGS],
  };
}

function assertView(body: unknown): SettingsView {
  const v = body as Partial<SettingsView> | null;
  if (!v || typeof v.settings !== 'object' || v.settings === null || typeof v.version !== 'number') {
    throw new ApiError({ status: 200, code: 'bad_response', message: 'Expected settings' });
  }
  return v as SettingsView;
}

/** `GET /api/settings` (anyone signed in). */
export async function fetchSettings(signal?: AbortSignal): Promise<SettingsView> {
  return assertView(await getJson<unknown>('/api/settings', signal));
}

/**
 * `PATCH /api/settings` (admin): saves any subset of the settings, based on `version`.
 * @throws ApiError `validation_failed` (400, details per field), `version_conflict` (412)
 */
export async function updateSettings(version: number, patch: Partial<Settings>): Promise<SettingsView> {
  return assertView(await requestJson<unknown>('PATCH', '/api/settings', { body: patch, ifMatch: version }));
}

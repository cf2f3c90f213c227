import type { Settings } from '../api/settings.ts';

/** The settings as the form edits them: number inputs hold '' while empty. */
export interface SettingsForm {
  thresholds: { shell: number | string; weak: number | string; strong: number | string };
  radius: number | string;
  grades: string[];
  flags: string[];
}

/** What the client itself checks before saving; the rest is the server's job (one schema). */
export type SettingsFormError = 'number' | 'duplicateFlag';

export function toForm(s: Settings): SettingsForm {
  return {
    thresholds: { ...s.income_thresholds },
    radius: s.default_service_radius_m,
    grades: [...s.assessment_grades],
    flags: [...s.village_flags],
  };
}

const toNumber = (v: number | string): number | null => {
  const n = typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) ? n : null;
};

/**
 * The settings to save, with labels trimmed, or the fields the client already knows are wrong
 * (keyed like the server's `details` paths).
 */
export function fromForm(
  f: SettingsForm,
): { ok: true; settings: Settings } | { ok: false; errors: Partial<Record<string, SettingsFormError>> } {
  const errors: Partial<Record<string, SettingsFormError>> = {};
  const shell = toNumber(f.thresholds.shell);
  const weak = toNumber(f.thresholds.weak);
  const strong = toNumber(f.thresholds.strong);
  const radius = toNumber(f.radius);
  if (shell === null || weak === null || strong === null) errors.income_thresholds = 'number';
  if (radius === null) errors.default_service_radius_m = 'number';
  const flags = f.flags.map((s) => s.trim());
  const dup = flags.findIndex((s, i) => s !== '' && flags.indexOf(s) !== i);
  if (dup >= 0) errors[`village_flags.${dup}`] = 'duplicateFlag';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      income_thresholds: { shell: shell!, weak: weak!, strong: strong! },
      default_service_radius_m: radius!,
      assessment_grades: f.grades.map((s) => s.trim()),
      village_flags: flags,
    },
  };
}

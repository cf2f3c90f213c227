import { z } from 'zod';
import { ASSESSMENT_GRADES, DEFAULT_SERVICE_RADIUS_M, VILLAGE_FLAGS } from '../enums.ts';
import { DEFAULT_INCOME_THRESHOLDS } from '../income.ts';

const label = z.string().trim().min(1).max(30);

/** Settings that provinces word or set differently; admins edit them (PATCH /api/settings). */
export const settingsSchema = z
  .object({
    income_thresholds: z
      .object({ shell: z.number().min(0), weak: z.number().min(0), strong: z.number().min(0) })
      .strict()
      .refine((t) => t.shell < t.weak && t.weak < t.strong, 'thresholds must rise: 空壳村 < 薄弱村 < 强村'),
    default_service_radius_m: z.number().int().min(100).max(20000),
    /** Display wording of the four assessment grades, best first (stored values stay the defaults). */
    assessment_grades: z.array(label).length(4),
    /** The village flags offered in forms and filters. */
    village_flags: z.array(label).min(1).max(20),
  })
  .strict();

export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = settingsSchema.partial().strict();

export const DEFAULT_SETTINGS: Settings = {
  income_thresholds: DEFAULT_INCOME_THRESHOLDS,
  default_service_radius_m: DEFAULT_SERVICE_RADIUS_M,
  assessment_grades: [...ASSESSMENT_GRADES],
  village_flags: [...VILLAGE_FLAGS],
};

import { z } from 'zod';
import { ROLES } from '../enums.ts';

export const passwordSchema = z.string().min(8, 'at least 8 characters').max(200, 'at most 200 characters');
const username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9_.\-@\u4e00-\u9fff]+$/, 'letters, digits, Chinese characters, _ . - @ only');

export const loginSchema = z.object({ username: z.string().max(64), password: z.string().max(200) }).strict();

const scopeFields = {
  role: z.enum(ROLES),
  display_name: z.string().trim().max(64).nullable().optional(),
  township_ids: z.array(z.number().int().positive()).max(200).optional(),
  village_id: z.number().int().positive().nullable().optional(),
  secretary_id: z.number().int().positive().nullable().optional(),
};

function scopeRefine(u: { role?: string; township_ids?: number[]; village_id?: number | null }, ctx: z.RefinementCtx) {
  if (u.role === 'official' && !u.township_ids?.length)
    ctx.addIssue({ code: 'custom', path: ['township_ids'], message: 'an official needs at least one township' });
  if (u.role === 'secretary' && u.village_id == null)
    ctx.addIssue({ code: 'custom', path: ['village_id'], message: 'a secretary needs a village' });
}

export const userCreateSchema = z
  .object({ username, password: passwordSchema, ...scopeFields })
  .strict()
  .superRefine(scopeRefine);

export const userUpdateSchema = z
  .object({ ...scopeFields, role: scopeFields.role.optional(), disabled: z.boolean().optional() })
  .strict();

export const passwordResetSchema = z.object({ password: passwordSchema }).strict();
export const passwordChangeSchema = z.object({ current: z.string().max(200), password: passwordSchema }).strict();

export { scopeRefine };

import {
  passwordChangeSchema,
  passwordResetSchema,
  scopeRefine,
  userCreateSchema,
  userUpdateSchema,
} from '../../common/schemas/users.ts';
import type { Clock } from '../app.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import type { SessionUser } from '../auth/policy.ts';
import { HttpError, notFound } from '../http/errors.ts';
import type { AuditRepository } from '../repositories/audit-repository.ts';
import type { LookupRepository } from '../repositories/lookup-repository.ts';
import type { SessionRepository } from '../repositories/session-repository.ts';
import type { UserRepository, UserRow } from '../repositories/user-repository.ts';
import { validationError } from './validation.ts';
import { z } from 'zod';

/** What the API shows of a user: never the hash or lockout internals. */
export interface UserView {
  id: number;
  username: string;
  display_name: string | null;
  role: string;
  township_ids: number[];
  village_id: number | null;
  secretary_id: number | null;
  disabled: boolean;
  locked: boolean;
  last_login_at: string | null;
  must_change_password: boolean;
  version: number;
  created_at: string;
  updated_at: string;
}

export function userView(u: UserRow, now: Date): UserView {
  return {
    id: Number(u.id),
    username: u.username,
    display_name: u.display_name,
    role: u.role,
    township_ids: u.township_ids,
    village_id: u.village_id == null ? null : Number(u.village_id),
    secretary_id: u.secretary_id == null ? null : Number(u.secretary_id),
    disabled: u.disabled_at != null,
    locked: u.locked_until != null && u.locked_until > now.toISOString(),
    last_login_at: u.last_login_at,
    must_change_password: u.must_change_password,
    version: Number(u.version),
    created_at: u.created_at,
    updated_at: u.updated_at,
  };
}

/** Admin management of accounts (create, disable, reset password, role and scope). */
export class UserService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly lookups: LookupRepository,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<UserView[]> {
    const now = this.clock.now();
    return (await this.users.list()).map((u) => userView(u, now));
  }

  async get(id: number): Promise<UserView> {
    const u = await this.users.byId(id);
    if (!u) throw notFound('User');
    return userView(u, this.clock.now());
  }

  private async checkScope(u: {
    township_ids?: number[];
    village_id?: number | null;
    secretary_id?: number | null;
  }): Promise<void> {
    const details: { path: string; message: string }[] = [];
    const t = await this.lookups.existing('townships', u.township_ids ?? []);
    (u.township_ids ?? []).forEach((id, i) => {
      if (!t.has(id)) details.push({ path: `township_ids.${i}`, message: `township ${id} does not exist` });
    });
    if (u.village_id != null && !(await this.lookups.existing('villages', [u.village_id])).has(u.village_id))
      details.push({ path: 'village_id', message: `village ${u.village_id} does not exist` });
    if (u.secretary_id != null) {
      const v = await this.lookups.column<number>('secretaries', u.secretary_id, 'village_id');
      if (v == null) details.push({ path: 'secretary_id', message: `secretary ${u.secretary_id} does not exist` });
      else if (u.village_id != null && Number(v) !== u.village_id)
        details.push({ path: 'secretary_id', message: 'that secretary is posted to another village' });
    }
    if (details.length) throw new HttpError(400, 'validation_failed', 'Invalid scope', details);
  }

  async create(actor: SessionUser, body: unknown): Promise<UserView> {
    const parsed = userCreateSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    const u = parsed.data;
    if (await this.users.usernameTaken(u.username))
      throw new HttpError(409, 'username_taken', `The username "${u.username}" is taken`, [
        { path: 'username', message: 'already taken' },
      ]);
    await this.checkScope(u);
    const at = this.clock.now().toISOString();
    const id = await this.users.insert({
      username: u.username,
      display_name: u.display_name ?? null,
      password_hash: await hashPassword(u.password),
      role: u.role,
      township_ids: u.role === 'official' ? (u.township_ids ?? []) : [],
      village_id: u.role === 'secretary' ? (u.village_id ?? null) : null,
      secretary_id: u.role === 'secretary' ? (u.secretary_id ?? null) : null,
      must_change_password: true,
      version: 1,
      created_at: at,
      updated_at: at,
    });
    await this.audit.append({
      at,
      user_id: actor.id,
      username: actor.username,
      action: 'user_create',
      ip: null,
      details: { id, username: u.username, role: u.role },
    });
    return this.get(id);
  }

  async update(actor: SessionUser, id: number, ifMatch: number, body: unknown): Promise<UserView> {
    const parsed = userUpdateSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    const current = await this.users.byId(id);
    if (!current) throw notFound('User');
    const p = parsed.data;
    const next = {
      role: p.role ?? current.role,
      township_ids: p.township_ids ?? current.township_ids,
      village_id: p.village_id !== undefined ? p.village_id : current.village_id,
      secretary_id: p.secretary_id !== undefined ? p.secretary_id : current.secretary_id,
    };
    const merged = z
      .object({})
      .passthrough()
      .superRefine((v, ctx) => scopeRefine(v as typeof next, ctx))
      .safeParse(next);
    if (!merged.success) throw validationError(merged.error);
    await this.checkScope(next);
    if (actor.id === id && (p.disabled || (p.role && p.role !== 'admin')))
      throw new HttpError(400, 'validation_failed', 'You cannot disable yourself or drop your own admin role', [
        { path: p.disabled ? 'disabled' : 'role', message: 'not on your own account' },
      ]);
    const at = this.clock.now().toISOString();
    const patch: Partial<UserRow> = {
      role: next.role,
      township_ids: next.role === 'official' ? next.township_ids : [],
      village_id: next.role === 'secretary' ? next.village_id : null,
      secretary_id: next.role === 'secretary' ? next.secretary_id : null,
      updated_at: at,
    };
    if (p.display_name !== undefined) patch.display_name = p.display_name;
    if (p.disabled !== undefined) patch.disabled_at = p.disabled ? (current.disabled_at ?? at) : null;
    if (!(await this.users.update(id, ifMatch, patch)))
      throw new HttpError(412, 'version_conflict', 'This user was changed by someone else', [], {
        current_version: Number(current.version),
      });
    const changes: string[] = (['display_name', 'role', 'township_ids', 'village_id', 'secretary_id'] as const).filter(
      (k) => k in patch && JSON.stringify(patch[k] ?? null) !== JSON.stringify(current[k] ?? null),
    );
    if (p.disabled !== undefined && p.disabled !== (current.disabled_at != null)) changes.push('disabled');
    // Role, scope or access changed: that user's sessions must pick up the new rights at once.
    if (changes.some((c) => c !== 'display_name')) await this.sessions.deleteForUser(id);
    await this.audit.append({
      at,
      user_id: actor.id,
      username: actor.username,
      action: 'user_update',
      ip: null,
      details: { id, changes },
    });
    return this.get(id);
  }

  async resetPassword(actor: SessionUser, id: number, body: unknown): Promise<UserView> {
    const parsed = passwordResetSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    const current = await this.users.byId(id);
    if (!current) throw notFound('User');
    const at = this.clock.now().toISOString();
    const ok = await this.users.update(id, Number(current.version), {
      password_hash: await hashPassword(parsed.data.password),
      must_change_password: actor.id !== id,
      failed_logins: 0,
      locked_until: null,
      updated_at: at,
    });
    if (!ok)
      throw new HttpError(412, 'version_conflict', 'This user was changed meanwhile; try again', [], {
        current_version: Number(current.version),
      });
    // Someone else's password was reset: end their sessions (an admin resetting their own keeps theirs).
    if (actor.id !== id) await this.sessions.deleteForUser(id);
    await this.audit.append({
      at,
      user_id: actor.id,
      username: actor.username,
      action: 'password_reset',
      ip: null,
      details: { id },
    });
    return this.get(id);
  }

  /** A signed-in user changes their own password (needs the current one). */
  async changeOwnPassword(actor: SessionUser, body: unknown): Promise<void> {
    const parsed = passwordChangeSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    const current = await this.users.byId(actor.id);
    if (!current || !(await verifyPassword(parsed.data.current, current.password_hash)))
      throw new HttpError(400, 'validation_failed', 'The current password is wrong', [
        { path: 'current', message: 'wrong password' },
      ]);
    const ok = await this.users.update(actor.id, Number(current.version), {
      password_hash: await hashPassword(parsed.data.password),
      must_change_password: false,
      updated_at: this.clock.now().toISOString(),
    });
    if (!ok)
      throw new HttpError(412, 'version_conflict', 'Your account was changed meanwhile; try again', [], {
        current_version: Number(current.version),
      });
  }
}

import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../common/enums.ts';
import { loginSchema } from '../../common/schemas/users.ts';
import type { Clock } from '../app.ts';
import { HttpError } from '../http/errors.ts';
import type { AuditRepository } from '../repositories/audit-repository.ts';
import type { SessionRepository } from '../repositories/session-repository.ts';
import type { UserRepository, UserRow } from '../repositories/user-repository.ts';
import { validationError } from '../services/validation.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { SessionUser } from './policy.ts';

export interface SessionConfig {
  /** A session ends after this long without use. */
  idleHours: number;
  /** Wrong passwords before an account is locked, and for how long. */
  maxFailures: number;
  lockMinutes: number;
  /** Failed logins from one address in the window before it is refused. */
  ipMaxFailures: number;
  ipWindowMinutes: number;
}

export const DEFAULT_SESSION_CONFIG: SessionConfig = {
  idleHours: 12,
  maxFailures: 5,
  lockMinutes: 15,
  ipMaxFailures: 20,
  ipWindowMinutes: 15,
};

const TOUCH_EVERY_MS = 5 * 60 * 1000;
// Verified against when the username is unknown, so both paths cost one scrypt.
const DUMMY_HASH = hashPassword('not-a-real-password-' + randomBytes(8).toString('hex'));

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function toSessionUser(u: UserRow): SessionUser {
  return {
    id: Number(u.id),
    username: u.username,
    display_name: u.display_name,
    role: u.role as Role,
    township_ids: u.township_ids,
    village_id: u.village_id == null ? null : Number(u.village_id),
    secretary_id: u.secretary_id == null ? null : Number(u.secretary_id),
    must_change_password: u.must_change_password,
  };
}

export interface LoginResult {
  token: string;
  user: SessionUser;
  expiresAt: Date;
}

/** Logins with lockout and per-address limits; sessions in the database keyed by a token hash. */
export class SessionService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    private readonly cfg: SessionConfig = DEFAULT_SESSION_CONFIG,
  ) {}

  async login(
    body: unknown,
    meta: { ip: string | null; userAgent: string | null; previousToken: string | null },
  ): Promise<LoginResult> {
    const parsed = loginSchema.safeParse(body);
    if (!parsed.success) throw validationError(parsed.error);
    const { username, password } = parsed.data;
    const now = this.clock.now();
    const since = new Date(now.getTime() - this.cfg.ipWindowMinutes * 60_000).toISOString();
    if (meta.ip && (await this.audit.countSince('login_failed', since, { ip: meta.ip })) >= this.cfg.ipMaxFailures) {
      throw new HttpError(
        429,
        'too_many_attempts',
        `Too many failed logins from this address; try again in ${this.cfg.ipWindowMinutes} minutes`,
        [],
        {
          retry_after_s: this.cfg.ipWindowMinutes * 60,
        },
      );
    }
    const user = await this.users.byUsername(username);
    const auditBase = { at: now.toISOString(), ip: meta.ip, username };
    if (user?.locked_until && user.locked_until > now.toISOString()) {
      await this.audit.append({
        ...auditBase,
        user_id: user.id,
        action: 'login_failed',
        details: { reason: 'locked' },
      });
      const minutes = Math.ceil((Date.parse(user.locked_until) - now.getTime()) / 60_000);
      throw new HttpError(
        429,
        'account_locked',
        `Too many wrong passwords: this account is locked for ${minutes} more minute(s)`,
        [],
        {
          retry_after_s: minutes * 60,
        },
      );
    }
    const ok = user
      ? await verifyPassword(password, user.password_hash)
      : (await verifyPassword(password, await DUMMY_HASH), false);
    if (!user || !ok) {
      if (user) {
        const failures = user.failed_logins + 1;
        const locked = failures >= this.cfg.maxFailures;
        await this.users.recordLogin(user.id, {
          failed_logins: locked ? 0 : failures,
          locked_until: locked ? new Date(now.getTime() + this.cfg.lockMinutes * 60_000).toISOString() : null,
        });
      }
      await this.audit.append({
        ...auditBase,
        user_id: user?.id ?? null,
        action: 'login_failed',
        details: { reason: 'bad_credentials' },
      });
      throw new HttpError(401, 'invalid_credentials', 'Wrong username or password');
    }
    if (user.disabled_at) {
      await this.audit.append({
        ...auditBase,
        user_id: user.id,
        action: 'login_failed',
        details: { reason: 'disabled' },
      });
      throw new HttpError(403, 'account_disabled', 'This account is disabled; ask an administrator');
    }
    // A fresh session id at every login: a token planted before login is worthless after it.
    if (meta.previousToken) await this.sessions.delete(hashToken(meta.previousToken));
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.cfg.idleHours * 3_600_000);
    await this.sessions.insert({
      id_hash: hashToken(token),
      user_id: user.id,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 200) ?? null,
    });
    await this.users.recordLogin(user.id, { failed_logins: 0, locked_until: null, last_login_at: now.toISOString() });
    await this.audit.append({ ...auditBase, user_id: user.id, action: 'login', details: null });
    return { token, user: toSessionUser(user), expiresAt };
  }

  /** The signed-in user of a token, or null (expired, unknown, disabled). Slides the expiry. */
  async authenticate(token: string): Promise<{ user: SessionUser; expiresAt: string } | null> {
    if (!token || token.length > 100) return null;
    const idHash = hashToken(token);
    const found = await this.sessions.getWithUser(idHash);
    if (!found) return null;
    const { session: s, user } = found;
    const now = this.clock.now();
    if (s.expires_at <= now.toISOString()) {
      await this.sessions.delete(idHash);
      return null;
    }
    if (!user || user.disabled_at) return null;
    let expiresAt = s.expires_at;
    if (now.getTime() - Date.parse(s.last_seen_at) > TOUCH_EVERY_MS) {
      expiresAt = new Date(now.getTime() + this.cfg.idleHours * 3_600_000).toISOString();
      await this.sessions.touch(idHash, now.toISOString(), expiresAt);
    }
    return { user: toSessionUser(user), expiresAt };
  }

  async logout(token: string, user: SessionUser | null, ip: string | null): Promise<void> {
    await this.sessions.delete(hashToken(token));
    if (user)
      await this.audit.append({
        at: this.clock.now().toISOString(),
        user_id: user.id,
        username: user.username,
        action: 'logout',
        ip,
        details: null,
      });
  }

  get idleHours(): number {
    return this.cfg.idleHours;
  }
}

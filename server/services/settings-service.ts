import { DEFAULT_SETTINGS, settingsPatchSchema, type Settings } from '../../common/schemas/settings.ts';
import { HttpError } from '../http/errors.ts';
import type { SettingsRepository } from '../repositories/settings-repository.ts';
import { validationError } from './validation.ts';

export interface SettingsView {
  settings: Settings;
  /** Concurrency token for PATCH (If-Match): grows with every settings write. */
  version: number;
  updated_at: string | null;
  updated_by: string | null;
}

/** Settings stored in the database over the defaults; cached briefly (they change rarely). */
export class SettingsService {
  private cache: { at: number; view: SettingsView } | null = null;

  constructor(private readonly repo: SettingsRepository) {}

  async view(): Promise<SettingsView> {
    if (this.cache && Date.now() - this.cache.at < 2000) return this.cache.view;
    const rows = await this.repo.all();
    const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    let version = 0;
    let latest: (typeof rows)[number] | undefined;
    for (const r of rows) {
      if (r.key in settings) settings[r.key] = r.value;
      version += r.version;
      if (!latest || r.updated_at > latest.updated_at) latest = r;
    }
    const view = {
      settings: settings as Settings,
      version,
      updated_at: latest?.updated_at ?? null,
      updated_by: latest?.updated_by ?? null,
    };
    this.cache = { at: Date.now(), view };
    return view;
  }

  async all(): Promise<Settings> {
    return (await this.view()).settings;
  }

  async update(patch: unknown, ifMatch: number, at: string, by: string): Promise<SettingsView> {
    const parsed = settingsPatchSchema.safeParse(patch);
    if (!parsed.success) throw validationError(parsed.error);
    const current = await this.view();
    if (ifMatch !== current.version)
      throw new HttpError(412, 'version_conflict', 'Settings were changed by someone else', [], {
        current_version: current.version,
        current,
      });
    await this.repo.put(parsed.data, at, by);
    this.cache = null;
    return this.view();
  }
}

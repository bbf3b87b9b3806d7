import { DEFAULT_SETTINGS, type SettingKey, type SettingsView, type UserSettings } from '../../../shared/settings';
import { AppError } from '../errors';
import type { Policy } from '../config/policy';
import type { SettingsStore } from './store';

/**
 * Effective settings: policy `settings` (locked) > the user's own >
 * policy `defaults` > built-in defaults.
 */
export class SettingsService {
  constructor(
    private readonly store: SettingsStore,
    private readonly policy: Policy,
    private readonly now: () => number,
  ) {}

  view(): SettingsView {
    const locked = this.policy.settings ?? {};
    const values: UserSettings = {
      ...DEFAULT_SETTINGS,
      ...(this.policy.defaults ?? {}),
      ...this.store.readAll(),
      ...locked,
    };
    return { values, locked: Object.keys(locked) as SettingKey[] };
  }

  get<K extends SettingKey>(key: K): UserSettings[K] {
    return this.view().values[key];
  }

  /** Writes what the user changed; a locked key refuses the whole change. */
  set(change: Partial<UserSettings>): SettingsView {
    const lockedKeys = Object.keys(this.policy.settings ?? {});
    const refused = Object.keys(change).filter((k) => lockedKeys.includes(k));
    if (refused.length > 0) {
      throw new AppError('settings.locked', `locked by policy: ${refused.join(', ')}`);
    }
    this.store.write(change, this.now());
    return this.view();
  }
}

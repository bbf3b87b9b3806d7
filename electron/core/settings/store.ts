// The settings table's SQL, and nothing else touches that table.
import { userSettingsSchema, type SettingKey, type UserSettings } from '../../../shared/settings';
import type { Db } from '../db/open';

const fieldSchemas = userSettingsSchema.shape;

export class SettingsStore {
  private readonly selectAll;
  private readonly upsert;

  constructor(private readonly db: Db) {
    this.selectAll = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
    this.upsert = db.prepare<[string, string, number]>(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
  }

  /** Stored values that are still valid under today's schema; others are skipped, not fatal. */
  readAll(): Partial<UserSettings> {
    const out: Record<string, unknown> = {};
    for (const row of this.selectAll.all()) {
      if (!Object.prototype.hasOwnProperty.call(fieldSchemas, row.key)) continue;
      const schema = fieldSchemas[row.key as SettingKey];
      let value: unknown;
      try {
        value = JSON.parse(row.value);
      } catch {
        continue;
      }
      const parsed = schema.safeParse(value);
      if (parsed.success) out[row.key] = parsed.data;
    }
    return out as Partial<UserSettings>;
  }

  write(values: Partial<UserSettings>, now: number): void {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(values)) {
        if (value !== undefined) this.upsert.run(key, JSON.stringify(value), now);
      }
    })();
  }
}

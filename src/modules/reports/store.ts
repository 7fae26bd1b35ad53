/** The reports module's own table: the province's scoring settings. */
import type { ColumnType, Generated } from 'kysely';
import type { Db, Trx } from '../../platform/db/database.ts';
import { tables } from '../../platform/db/database.ts';
import { defaultSettings, readSettings } from './domain/settings.ts';
import type { ReportSettings } from './domain/settings.ts';

interface ReportsTables {
  report_settings: { unit_id: number; settings: ColumnType<ReportSettings, string, string>; version: number; updated_at: Generated<Date>; updated_by_id: number; updated_by_name: string };
}
const reportsDb = (db: Db | Trx) => tables<ReportsTables>(db);

export interface StoredSettings {
  settings: ReportSettings;
  /** 0 while the defaults apply. */
  version: number;
  updatedAt: Date | null;
  updatedByName: string | null;
}

export async function loadSettings(db: Db | Trx, provinceId: number): Promise<StoredSettings> {
  const row = await reportsDb(db).selectFrom('report_settings').selectAll().where('unit_id', '=', provinceId).executeTakeFirst();
  if (!row) return { settings: defaultSettings(), version: 0, updatedAt: null, updatedByName: null };
  // Settings saved before an indicator was added get the default for it.
  const read = readSettings({ ...withDefaults(row.settings) });
  return { settings: 'settings' in read ? read.settings : defaultSettings(), version: row.version, updatedAt: row.updated_at, updatedByName: row.updated_by_name };
}

function withDefaults(saved: ReportSettings) {
  const d = defaultSettings();
  return { points: { ...d.points, ...saved.points }, thresholds: { ...d.thresholds, ...saved.thresholds }, targets: { ...d.targets, ...saved.targets }, labelCutoffs: { ...d.labelCutoffs, ...saved.labelCutoffs } };
}

/** Saves against the version read; false when someone saved in between. */
export async function saveSettingsInTrx(trx: Trx, provinceId: number, settings: ReportSettings, expectedVersion: number, by: { id: number; name: string }): Promise<boolean> {
  const json = JSON.stringify(settings);
  if (expectedVersion === 0) {
    const inserted = await reportsDb(trx).insertInto('report_settings')
      .values({ unit_id: provinceId, settings: json, version: 1, updated_by_id: by.id, updated_by_name: by.name })
      .onConflict((oc) => oc.column('unit_id').doNothing()).returning('unit_id').executeTakeFirst();
    return inserted !== undefined;
  }
  const updated = await reportsDb(trx).updateTable('report_settings')
    .set((eb) => ({ settings: json, version: eb('version', '+', 1), updated_at: new Date(), updated_by_id: by.id, updated_by_name: by.name }))
    .where('unit_id', '=', provinceId).where('version', '=', expectedVersion).returning('unit_id').executeTakeFirst();
  return updated !== undefined;
}

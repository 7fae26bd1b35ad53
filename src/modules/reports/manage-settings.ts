/** Saving the province's scoring settings: all or nothing, against the version read, audited. */
import type { Db } from '../../platform/db/database.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { readSettings } from './domain/settings.ts';
import type { SettingsProblem } from './domain/settings.ts';
import { saveSettingsInTrx } from './store.ts';

export type SaveResult = { ok: true } | { ok: false; problems: SettingsProblem[] } | { ok: false; stale: true };

export async function saveReportSettings(db: Db, who: AuditActor & { id: number; name: string }, provinceId: number, input: Parameters<typeof readSettings>[0], version: number): Promise<SaveResult> {
  const read = readSettings(input);
  if ('problems' in read) return { ok: false, problems: read.problems };
  return db.transaction().execute(async (trx): Promise<SaveResult> => {
    if (!(await saveSettingsInTrx(trx, provinceId, read.settings, version, who))) return { ok: false, stale: true };
    await recordAuditInTrx(trx, who, { action: 'reports.settings_saved', unitId: provinceId, targetType: 'report_settings', targetId: provinceId, details: { settings: read.settings, previousVersion: version } });
    return { ok: true };
  });
}

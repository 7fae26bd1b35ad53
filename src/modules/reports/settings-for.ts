/** The scoring settings that apply to a unit: those of the province above it (or its own, for the province). */
import type { Db } from '../../platform/db/database.ts';
import { listUnits } from '../tenancy/index.ts';
import type { Unit } from '../tenancy/index.ts';
import { loadSettings } from './store.ts';
import type { StoredSettings } from './store.ts';
import { defaultSettings } from './domain/settings.ts';

export async function provinceOf(db: Db, unit: Pick<Unit, 'path' | 'kind' | 'id'>): Promise<Unit | undefined> {
  return (await listUnits(db)).find((u) => u.kind === 'province' && unit.path.startsWith(u.path));
}

export async function settingsFor(db: Db, unit: Pick<Unit, 'path' | 'kind' | 'id'>): Promise<StoredSettings> {
  const province = await provinceOf(db, unit);
  return province ? loadSettings(db, province.id) : { settings: defaultSettings(), version: 0, updatedAt: null, updatedByName: null };
}

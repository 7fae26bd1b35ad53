import type { Generated, Selectable } from 'kysely';
import { tables } from '../../platform/db/database.ts';
import type { Db, Trx } from '../../platform/db/database.ts';
import type { Unit, UnitKind } from './domain/unit.ts';

export interface TenancyTables {
  units: {
    id: Generated<number>;
    parent_id: number | null;
    kind: UnitKind;
    code: string | null;
    name: string;
    address: string;
    path: string;
    seal_name: string;
    seal_image: Uint8Array | null;
    seal_image_type: string | null;
    require_two_factor: Generated<boolean>;
    created_at: Generated<Date>;
  };
}

export const tenancyDb = (db: Db | Trx) => tables<TenancyTables>(db);

const COLUMNS = ['id', 'parent_id', 'kind', 'code', 'name', 'address', 'path', 'seal_name', 'require_two_factor'] as const;

type UnitRow = Selectable<TenancyTables['units']>;

function toUnit(r: UnitRow): Unit {
  return {
    id: Number(r.id), parentId: r.parent_id === null ? null : Number(r.parent_id), kind: r.kind, code: r.code,
    name: r.name, address: r.address, path: r.path, sealName: r.seal_name, requireTwoFactor: r.require_two_factor,
  };
}

export async function findUnit(db: Db | Trx, id: number): Promise<Unit | undefined> {
  const row = await tenancyDb(db).selectFrom('units').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toUnit(row as UnitRow) : undefined;
}

export async function listUnits(db: Db | Trx): Promise<Unit[]> {
  const rows = await tenancyDb(db).selectFrom('units').select(COLUMNS).orderBy('path').execute();
  return rows.map((r) => toUnit(r as UnitRow));
}

/** A unit and every unit below it, by materialised path (`/1/4/` → `/1/4/%`). */
export async function listUnitsWithin(db: Db | Trx, path: string): Promise<Unit[]> {
  const rows = await tenancyDb(db).selectFrom('units').select(COLUMNS).where('path', 'like', `${path.replace(/[\\%_]/g, '\\$&')}%`).orderBy('path').execute();
  return rows.map((r) => toUnit(r as UnitRow));
}

export async function findUnitByCode(db: Db | Trx, code: string): Promise<Unit | undefined> {
  const row = await tenancyDb(db).selectFrom('units').select(COLUMNS).where('code', '=', code).executeTakeFirst();
  return row ? toUnit(row as UnitRow) : undefined;
}

export async function insertUnitInTrx(
  trx: Trx,
  unit: { parentId: number | null; kind: UnitKind; code: string | null; name: string; address: string; sealName: string },
): Promise<Unit> {
  const db = tenancyDb(trx);
  const parent = unit.parentId === null ? undefined : await findUnit(trx, unit.parentId);
  if (unit.parentId !== null && !parent) throw new Error(`Parent unit ${unit.parentId} does not exist`);
  // The path needs the new id: insert with a unique placeholder, then set it.
  const placeholder = `/pending-${Date.now()}-${Math.random()}/`;
  const { id } = await db
    .insertInto('units')
    .values({ parent_id: unit.parentId, kind: unit.kind, code: unit.code, name: unit.name, address: unit.address, seal_name: unit.sealName, path: placeholder })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parent ? parent.path : '/'}${id}/`;
  await db.updateTable('units').set({ path }).where('id', '=', id).execute();
  return (await findUnit(trx, Number(id)))!;
}

export async function setRequireTwoFactorInTrx(trx: Trx, unitId: number, required: boolean): Promise<void> {
  await tenancyDb(trx).updateTable('units').set({ require_two_factor: required }).where('id', '=', unitId).execute();
}

/** The units directly below one unit. */
export async function listChildUnits(db: Db | Trx, parentId: number): Promise<Unit[]> {
  const rows = await tenancyDb(db).selectFrom('units').select(COLUMNS).where('parent_id', '=', parentId).orderBy('path').execute();
  return rows.map((r) => toUnit(r as UnitRow));
}

export async function updateUnitInTrx(trx: Trx, unitId: number, fields: { name: string; address: string; code: string | null; sealName: string }): Promise<void> {
  await tenancyDb(trx)
    .updateTable('units')
    .set({ name: fields.name, address: fields.address, code: fields.code, seal_name: fields.sealName })
    .where('id', '=', unitId)
    .execute();
}

export async function setSealImageInTrx(trx: Trx, unitId: number, image: Uint8Array): Promise<void> {
  await tenancyDb(trx).updateTable('units').set({ seal_image: image, seal_image_type: 'image/png' }).where('id', '=', unitId).execute();
}

/** Whether a unit has a seal image, without reading it. */
export async function hasSealImage(db: Db | Trx, unitId: number): Promise<boolean> {
  const row = await tenancyDb(db).selectFrom('units').select('id').where('id', '=', unitId).where('seal_image', 'is not', null).executeTakeFirst();
  return row !== undefined;
}

export async function findSealImage(db: Db | Trx, unitId: number): Promise<{ image: Uint8Array; type: string } | undefined> {
  const row = await tenancyDb(db).selectFrom('units').select(['seal_image', 'seal_image_type']).where('id', '=', unitId).executeTakeFirst();
  if (!row?.seal_image || !row.seal_image_type) return undefined;
  return { image: row.seal_image, type: row.seal_image_type };
}

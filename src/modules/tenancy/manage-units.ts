import crypto from 'node:crypto';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { readPng, sealImageProblem, SEAL_MAX_BYTES } from './domain/seal-image.ts';
import { checkUnitFields, childKindsOf, isAgency, mayContain, sameUnitName } from './domain/unit-rules.ts';
import type { UnitFieldErrors, UnitFields, UnitFieldsInput } from './domain/unit-rules.ts';
import type { Unit } from './domain/unit.ts';
import { findUnit, findUnitByCode, insertUnitInTrx, listChildUnits, setSealImageInTrx, updateUnitInTrx } from './store.ts';

export type UnitResult = { ok: true; unit: Unit } | { ok: false; errors: UnitFieldErrors & { kind?: MessageKey } };

/** The checks that need the database: a name unique among the parent's units, a code unique everywhere. */
async function checkUniqueness(db: Db, parentId: number | null, self: number | null, fields: UnitFields, errors: UnitFieldErrors): Promise<void> {
  if (!errors.name && parentId !== null) {
    const siblings = await listChildUnits(db, parentId);
    if (siblings.some((s) => s.id !== self && sameUnitName(s.name, fields.name))) errors.name = 'tenancy.name_taken';
  }
  if (!errors.code && fields.code !== null) {
    const holder = await findUnitByCode(db, fields.code);
    if (holder && holder.id !== self) errors.code = 'tenancy.code_taken';
  }
}

/** Two people saving the same code at once: the unique index decides. */
const isCodeClash = (error: unknown) => (error as { code?: string }).code === '23505';

/** Changes a unit's name, address, agency code and seal name (villages: name and address). */
export async function updateUnit(db: Db, who: AuditActor, unit: Unit, input: UnitFieldsInput): Promise<UnitResult> {
  const { fields, errors } = checkUnitFields(unit.kind, input);
  await checkUniqueness(db, unit.parentId, unit.id, fields, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const before: UnitFields = { name: unit.name, address: unit.address, code: unit.code, sealName: unit.sealName };
  const changes = Object.fromEntries(
    (Object.keys(fields) as (keyof UnitFields)[]).filter((k) => fields[k] !== before[k]).map((k) => [k, { from: before[k], to: fields[k] }]),
  );
  if (Object.keys(changes).length === 0) return { ok: true, unit };
  try {
    await db.transaction().execute(async (trx) => {
      await updateUnitInTrx(trx, unit.id, fields);
      await recordAuditInTrx(trx, who, { action: 'tenancy.unit_updated', unitId: unit.id, targetType: 'unit', targetId: unit.id, details: { changes } });
    });
  } catch (error) {
    if (isCodeClash(error)) return { ok: false, errors: { code: 'tenancy.code_taken' } };
    throw error;
  }
  return { ok: true, unit: (await findUnit(db, unit.id))! };
}

/** Adds a unit directly below `parent`: a commune or ward below the province, a village below a commune or ward. */
export async function addChildUnit(db: Db, who: AuditActor, parent: Unit, input: UnitFieldsInput & { kind: string }): Promise<UnitResult> {
  const allowed = childKindsOf(parent.kind);
  if (allowed.length === 0) throw new AppError('tenancy.no_children', 400);
  const kindOk = mayContain(parent.kind, input.kind);
  const { fields, errors } = checkUnitFields(kindOk ? (input.kind as Unit['kind']) : allowed[0]!, input);
  const allErrors: UnitFieldErrors & { kind?: MessageKey } = kindOk ? errors : { kind: 'tenancy.kind_not_allowed', ...errors };
  await checkUniqueness(db, parent.id, null, fields, allErrors);
  if (Object.keys(allErrors).length > 0) return { ok: false, errors: allErrors };
  const kind = input.kind as Unit['kind'];
  try {
    const unit = await db.transaction().execute(async (trx) => {
      const created = await insertUnitInTrx(trx, { parentId: parent.id, kind, ...fields });
      await recordAuditInTrx(trx, who, {
        action: 'tenancy.unit_created', unitId: created.id, targetType: 'unit', targetId: created.id,
        details: { parentId: parent.id, kind, code: fields.code, name: fields.name },
      });
      return created;
    });
    return { ok: true, unit };
  } catch (error) {
    if (isCodeClash(error)) return { ok: false, errors: { code: 'tenancy.code_taken' } };
    throw error;
  }
}

/** An upload as the web layer hands it over: the bytes, and whether they were cut at the upload limit. */
export interface SealUpload {
  data: Uint8Array;
  truncated: boolean;
}

/** Replaces an agency's seal image with a PNG checked from its bytes. Villages have no seal (404). */
export async function uploadSealImage(db: Db, who: AuditActor, unit: Unit, upload: SealUpload | undefined): Promise<{ ok: true } | { ok: false; error: MessageKey }> {
  if (!isAgency(unit.kind)) throw new AppError('error.not_found', 404);
  if (!upload || (upload.data.length === 0 && !upload.truncated)) return { ok: false, error: 'tenancy.seal_required' };
  if (upload.truncated || upload.data.length > SEAL_MAX_BYTES) return { ok: false, error: 'tenancy.seal_too_large' };
  const problem = sealImageProblem(upload.data);
  if (problem) return { ok: false, error: problem };
  const png = readPng(upload.data)!;
  const image = Buffer.from(upload.data);
  await db.transaction().execute(async (trx) => {
    await setSealImageInTrx(trx, unit.id, image);
    await recordAuditInTrx(trx, who, {
      action: 'tenancy.seal_uploaded', unitId: unit.id, targetType: 'unit', targetId: unit.id,
      details: { bytes: image.length, width: png.width, height: png.height, sha256: crypto.createHash('sha256').update(image).digest('hex') },
    });
  });
  return { ok: true };
}

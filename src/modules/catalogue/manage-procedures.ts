/**
 * Editing the catalogue: the province creates a procedure or a new version of one as a draft, edits the draft,
 * publishes it with an effective date, or deletes it. Published versions are never changed (records keep the id
 * of the version they were filed under). Every write is one transaction with its audit entry.
 */
import type { Db, Trx } from '../../platform/db/database.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { changedParts, checkProcedure, checkPublication, contentOf } from './domain/procedure-rules.ts';
import type { Problem, ProcedureContent } from './domain/procedure-rules.ts';
import {
  deleteDraftInTrx, findProcedureByCode, findProcedureVersion, insertProceduresInTrx, latestPublished, publishDraftInTrx, todayInVietnam, updateDraftInTrx,
  versionFactsOf,
} from './store.ts';
import type { ProcedureVersion } from './store.ts';

/** A failure that is about the state of the catalogue, not about what was typed (answered with 409). */
export interface Conflict {
  conflict: MessageKey;
  params?: Record<string, string | number>;
}

export type WriteResult<T> = { ok: true; value: T } | { ok: false; problems: Problem[] } | ({ ok: false } & Conflict);

/** The unique indexes decide between two people writing at once: (code, version), one draft per code. */
const isUniqueClash = (error: unknown) => (error as { code?: string }).code === '23505';
/** Another module's rows (a record) point at the version. */
const isReferenced = (error: unknown) => (error as { code?: string }).code === '23503';

const actorRef = (who: AuditActor) => ({ id: who.kind === 'official' ? who.id : null, name: who.name });

/** A new procedure: version 1, as a draft. The code must be new. */
export async function createProcedure(db: Db, who: AuditActor, input: unknown): Promise<WriteResult<ProcedureVersion>> {
  const checked = checkProcedure(input);
  if (!checked.ok) return checked;
  const content = checked.value;
  const facts = (await versionFactsOf(db, [content.code])).get(content.code);
  if (facts) return { ok: false, problems: [{ path: 'code', key: 'catalogue_admin.error.code_taken' }] };
  try {
    await db.transaction().execute(async (trx) => {
      const [id] = await insertProceduresInTrx(trx, [{ ...content, version: 1, status: 'draft', effectiveFrom: null }]);
      await recordAuditInTrx(trx, who, {
        action: 'catalogue.procedure_created', targetType: 'procedure', targetId: content.code, details: { id, code: content.code, version: 1 },
      });
    });
  } catch (error) {
    if (isUniqueClash(error)) return { ok: false, problems: [{ path: 'code', key: 'catalogue_admin.error.code_taken' }] };
    throw error;
  }
  return { ok: true, value: (await findProcedureVersion(db, content.code, 1))! };
}

/**
 * A new draft of `code`, copied from the version in force (or, when none is in force yet, from the newest
 * published one), numbered one above the highest. An open draft is returned as it is.
 */
export async function startNewVersion(db: Db, who: AuditActor, code: string, today = todayInVietnam()): Promise<WriteResult<{ version: ProcedureVersion; created: boolean }>> {
  const facts = (await versionFactsOf(db, [code])).get(code);
  if (!facts) return { ok: false, conflict: 'catalogue_admin.conflict.no_such_code', params: { code } };
  if (facts.draftVersion !== null) return { ok: true, value: { version: (await findProcedureVersion(db, code, facts.draftVersion))!, created: false } };
  const base = (await findProcedureByCode(db, code, today)) ?? (await newestPublished(db, code));
  if (!base) return { ok: false, conflict: 'catalogue_admin.conflict.no_such_code', params: { code } };
  const version = facts.maxVersion + 1;
  try {
    await db.transaction().execute(async (trx) => {
      const [id] = await insertProceduresInTrx(trx, [{ ...contentOf(base), version, status: 'draft', effectiveFrom: null }]);
      await recordAuditInTrx(trx, who, {
        action: 'catalogue.procedure_created', targetType: 'procedure', targetId: code, details: { id, code, version, basedOn: base.version },
      });
    });
  } catch (error) {
    if (isUniqueClash(error)) return { ok: false, conflict: 'catalogue_admin.conflict.version_clash', params: { code } };
    throw error;
  }
  return { ok: true, value: { version: (await findProcedureVersion(db, code, version))!, created: true } };
}

async function newestPublished(db: Db, code: string): Promise<ProcedureVersion | undefined> {
  const latest = await latestPublished(db, code);
  return latest ? findProcedureVersion(db, code, latest.version) : undefined;
}

/** Saves a draft's content. `revision` is the one the editor loaded: a draft saved by someone else since is not overwritten. */
export async function updateDraft(db: Db, who: AuditActor, draft: ProcedureVersion, revision: number, input: unknown): Promise<WriteResult<ProcedureVersion>> {
  if (draft.status !== 'draft') return { ok: false, conflict: 'catalogue_admin.conflict.not_draft', params: { version: draft.version } };
  // The code names the procedure (and is in the address): it is not edited.
  const checked = checkProcedure({ ...(input as object), code: draft.code });
  if (!checked.ok) return checked;
  const changed = changedParts(contentOf(draft), checked.value);
  const saved = await db.transaction().execute(async (trx) => {
    if (!(await updateDraftInTrx(trx, draft.id, revision, checked.value))) return false;
    await recordAuditInTrx(trx, who, {
      action: 'catalogue.procedure_updated', targetType: 'procedure', targetId: draft.code,
      details: { id: draft.id, code: draft.code, version: draft.version, changed },
    });
    return true;
  });
  if (!saved) return stillADraft(db, draft, 'catalogue_admin.conflict.changed_meanwhile');
  return { ok: true, value: (await findProcedureVersion(db, draft.code, draft.version))! };
}

/** Why a write to a draft found nothing to write: it was published, deleted, or saved by someone else. */
async function stillADraft(db: Db | Trx, draft: ProcedureVersion, otherwise: MessageKey): Promise<{ ok: false } & Conflict> {
  const now = await findProcedureVersion(db, draft.code, draft.version);
  if (!now) return { ok: false, conflict: 'catalogue_admin.conflict.gone', params: { version: draft.version } };
  if (now.status !== 'draft') return { ok: false, conflict: 'catalogue_admin.conflict.not_draft', params: { version: draft.version } };
  return { ok: false, conflict: otherwise, params: { version: draft.version } };
}

/** Publishes a draft to take effect on `effectiveFrom` (as typed): today or later, in Vietnam. */
export async function publishDraft(db: Db, who: AuditActor, draft: ProcedureVersion, effectiveFrom: string, today = todayInVietnam()): Promise<WriteResult<ProcedureVersion>> {
  if (draft.status !== 'draft') return { ok: false, conflict: 'catalogue_admin.conflict.not_draft', params: { version: draft.version } };
  const checked = checkPublication(contentOf(draft), effectiveFrom, today, await latestPublished(db, draft.code));
  if (!checked.ok) return checked;
  const date = checked.value;
  const published = await db.transaction().execute(async (trx) => {
    if (!(await publishDraftInTrx(trx, draft.id, date, actorRef(who)))) return false;
    await recordAuditInTrx(trx, who, {
      action: 'catalogue.procedure_published', targetType: 'procedure', targetId: draft.code,
      details: { id: draft.id, code: draft.code, version: draft.version, effectiveFrom: date },
    });
    return true;
  });
  if (!published) return stillADraft(db, draft, 'catalogue_admin.conflict.not_draft');
  return { ok: true, value: (await findProcedureVersion(db, draft.code, draft.version))! };
}

/** Deletes a draft (never a published version). */
export async function deleteDraft(db: Db, who: AuditActor, draft: ProcedureVersion): Promise<WriteResult<null>> {
  if (draft.status !== 'draft') return { ok: false, conflict: 'catalogue_admin.conflict.not_draft', params: { version: draft.version } };
  let deleted: boolean;
  try {
    deleted = await db.transaction().execute(async (trx) => {
      if (!(await deleteDraftInTrx(trx, draft.id))) return false;
      await recordAuditInTrx(trx, who, {
        action: 'catalogue.draft_deleted', targetType: 'procedure', targetId: draft.code,
        details: { id: draft.id, code: draft.code, version: draft.version, name: draft.name },
      });
      return true;
    });
  } catch (error) {
    if (isReferenced(error)) return { ok: false, conflict: 'catalogue_admin.conflict.referenced', params: { version: draft.version } };
    throw error;
  }
  if (!deleted) return stillADraft(db, draft, 'catalogue_admin.conflict.gone');
  return { ok: true, value: null };
}

export type { ProcedureContent };

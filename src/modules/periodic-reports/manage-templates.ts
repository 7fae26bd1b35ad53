/**
 * The province's report templates: create, edit (optimistic concurrency on `version`), archive and restore. Each
 * write and its audit entry commit together; a request keeps its own copy of the fields, so editing a template
 * never changes what was sent.
 */
import { AppError } from '../../platform/errors.ts';
import type { MessageKey } from '../../platform/i18n/index.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { findUnit, unitIsWithin } from '../tenancy/index.ts';
import type { PeriodicReportsContext } from './context.ts';
import { parseFieldLines } from './domain/fields.ts';
import type { FieldDef, LineProblem } from './domain/fields.ts';
import { findTemplate, insertTemplateInTrx, setTemplateArchivedInTrx, updateTemplateInTrx } from './store.ts';
import type { TemplateRow } from './store.ts';

/** An official acting on reports: who, and the unit they act for. */
export interface ReportOfficial {
  id: number;
  name: string;
  unitId: number;
  unitPath: string;
}

export interface TemplateInput {
  name: string;
  description: string;
  fieldsText: string;
}

export type TemplateCheck =
  | { ok: true; name: string; description: string; fields: FieldDef[] }
  | { ok: false; errors: Record<string, MessageKey>; problems: LineProblem[] };

export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 2000;

export function checkTemplate(ctx: Pick<PeriodicReportsContext, 'liveFigureKeys'>, input: TemplateInput): TemplateCheck {
  const name = input.name.normalize('NFC').trim();
  const description = input.description.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  const errors: Record<string, MessageKey> = {};
  if (name === '' || [...name].length > NAME_MAX) errors.name = 'periodic_reports.template.name_invalid';
  if ([...description].length > DESCRIPTION_MAX) errors.description = 'periodic_reports.template.description_invalid';
  const { fields, problems } = parseFieldLines(input.fieldsText, ctx.liveFigureKeys);
  if (problems.length > 0) errors.fields = 'periodic_reports.template.fields_invalid';
  return Object.keys(errors).length > 0 ? { ok: false, errors, problems } : { ok: true, name, description, fields };
}

/** A template the official may manage: owned by their unit or one below it; anything else does not exist for them. */
export async function templateOf(ctx: PeriodicReportsContext, who: ReportOfficial, id: number): Promise<TemplateRow> {
  const template = await findTemplate(ctx.db, id);
  const unit = template ? await findUnit(ctx.db, Number(template.unit_id)) : undefined;
  if (!template || !unit || !unitIsWithin(unit, { path: who.unitPath })) throw new AppError('periodic_reports.template.not_found', 404);
  return template;
}

export async function createTemplate(ctx: PeriodicReportsContext, who: ReportOfficial, audit: AuditActor, input: TemplateInput): Promise<{ ok: true; id: number } | Extract<TemplateCheck, { ok: false }>> {
  const checked = checkTemplate(ctx, input);
  if (!checked.ok) return checked;
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertTemplateInTrx(trx, { unitId: who.unitId, name: checked.name, description: checked.description, fields: checked.fields, by: who.id, byName: who.name });
    await recordAuditInTrx(trx, audit, { action: 'periodic_reports.template_created', targetType: 'report_template', targetId: id, details: { name: checked.name, fields: checked.fields.map((f) => f.key) } });
    return id;
  });
  return { ok: true, id };
}

export async function updateTemplate(ctx: PeriodicReportsContext, who: ReportOfficial, audit: AuditActor, id: number, version: number, input: TemplateInput): Promise<{ ok: true } | Extract<TemplateCheck, { ok: false }>> {
  const template = await templateOf(ctx, who, id);
  const checked = checkTemplate(ctx, input);
  if (!checked.ok) return checked;
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await updateTemplateInTrx(trx, id, version, { name: checked.name, description: checked.description, fields: checked.fields, byName: who.name }))) throw new AppError('periodic_reports.stale', 409);
    await recordAuditInTrx(trx, audit, { action: 'periodic_reports.template_updated', unitId: Number(template.unit_id), targetType: 'report_template', targetId: id, details: { version: version + 1, name: checked.name, fields: checked.fields.map((f) => f.key) } });
  });
  return { ok: true };
}

export async function setTemplateArchived(ctx: PeriodicReportsContext, who: ReportOfficial, audit: AuditActor, id: number, version: number, archived: boolean): Promise<void> {
  const template = await templateOf(ctx, who, id);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await setTemplateArchivedInTrx(trx, id, version, archived, who.name))) throw new AppError('periodic_reports.stale', 409);
    await recordAuditInTrx(trx, audit, { action: archived ? 'periodic_reports.template_archived' : 'periodic_reports.template_restored', unitId: Number(template.unit_id), targetType: 'report_template', targetId: id });
  });
}

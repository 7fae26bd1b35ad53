/**
 * Sending a template to communes for a period: the template's fields are copied into the request, the communes
 * and wards (all below the province, or the ones chosen) are listed, and each of their officials who submit reports
 * and have an email address is told, in the same transaction as the request and its audit entry.
 */
import type { MessageKey } from '../../platform/i18n/index.ts';
import { formatDateTime } from '../../platform/i18n/format.ts';
import { recordAuditInTrx } from '../audit/index.ts';
import type { AuditActor } from '../audit/index.ts';
import { listOfficialsOfUnit, permissionsOf } from '../identity/index.ts';
import { enqueueInTrx } from '../notifications/index.ts';
import { listUnitsWithin } from '../tenancy/index.ts';
import type { Unit } from '../tenancy/index.ts';
import type { PeriodicReportsContext } from './context.ts';
import { displayDay, parseDay, vietnamInstant } from './domain/period.ts';
import type { ReportOfficial } from './manage-templates.ts';
import { templateOf } from './manage-templates.ts';
import { insertRequestInTrx } from './store.ts';

export interface RequestInput {
  templateId: string;
  periodLabel: string;
  from: string;
  to: string;
  deadlineDay: string;
  deadlineTime: string;
  /** `all` communes and wards below the official's unit, or the `chosen` ones. */
  target: string;
  unitIds: readonly string[];
}

export const PERIOD_LABEL_MAX = 100;

/** The communes and wards a request may go to: those below the official's unit. */
export async function reportingUnits(ctx: PeriodicReportsContext, who: ReportOfficial): Promise<Unit[]> {
  return (await listUnitsWithin(ctx.db, who.unitPath)).filter((u) => u.kind === 'commune' || u.kind === 'ward');
}

export async function sendRequest(ctx: PeriodicReportsContext, who: ReportOfficial, audit: AuditActor, input: RequestInput): Promise<{ ok: true; id: number } | { ok: false; errors: Record<string, MessageKey> }> {
  const errors: Record<string, MessageKey> = {};
  const templateId = /^\d{1,15}$/.test(input.templateId) ? Number(input.templateId) : 0;
  const template = templateId > 0 ? await templateOf(ctx, who, templateId).catch(() => undefined) : undefined;
  if (!template || template.archived_at) errors.template = 'periodic_reports.request.template_required';
  const periodLabel = input.periodLabel.normalize('NFC').trim();
  if (periodLabel === '' || [...periodLabel].length > PERIOD_LABEL_MAX) errors.period_label = 'periodic_reports.request.period_label_invalid';
  const from = parseDay(input.from);
  const to = parseDay(input.to);
  if (!from) errors.from = 'periodic_reports.request.date_invalid';
  if (!to) errors.to = 'periodic_reports.request.date_invalid';
  else if (from && from > to) errors.to = 'periodic_reports.request.period_order';
  const deadlineDay = parseDay(input.deadlineDay);
  const deadline = deadlineDay ? vietnamInstant(deadlineDay, input.deadlineTime) : null;
  if (!deadline) errors.deadline = 'periodic_reports.request.deadline_invalid';
  else if (deadline.getTime() <= ctx.now().getTime()) errors.deadline = 'periodic_reports.request.deadline_past';
  const reachable = await reportingUnits(ctx, who);
  let targets: Unit[] = [];
  if (input.target === 'all') targets = reachable;
  else if (input.target === 'chosen') {
    const chosen = new Set(input.unitIds);
    targets = reachable.filter((u) => chosen.has(String(u.id)));
    if (targets.length !== chosen.size) errors.units = 'periodic_reports.request.units_invalid';
  }
  if (targets.length === 0 && !errors.units) errors.units = 'periodic_reports.request.units_required';
  if (Object.keys(errors).length > 0 || !template || !from || !to || !deadline) return { ok: false, errors };

  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertRequestInTrx(trx, {
      unit_id: who.unitId, template_id: Number(template.id), template_version: template.version, name: template.name, description: template.description,
      fields: template.fields, period_label: periodLabel, period_from: from, period_to: to, deadline, sent_by: who.id, sent_by_name: who.name,
    }, targets.map((u) => u.id));
    let notified = 0;
    for (const unit of targets) {
      for (const official of await listOfficialsOfUnit(trx, unit.id)) {
        if (official.disabled || !official.email || !permissionsOf(official.roles).has('reports.submit')) continue;
        await enqueueInTrx(trx, {
          channel: 'email', recipient: official.email, template: 'periodic_reports.request_sent',
          params: { report: template.name, period: periodLabel, from: displayDay(from), to: displayDay(to), deadline: formatDateTime('vi', deadline), unit: unit.name },
        });
        notified++;
      }
    }
    await recordAuditInTrx(trx, audit, {
      action: 'periodic_reports.request_sent', targetType: 'report_request', targetId: id,
      details: { template: Number(template.id), templateVersion: template.version, period: periodLabel, from, to, deadline: deadline.toISOString(), units: targets.map((u) => u.id), notified },
    });
    return id;
  });
  return { ok: true, id };
}

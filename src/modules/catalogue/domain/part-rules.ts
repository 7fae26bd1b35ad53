/**
 * The structured parts of a procedure, each read and checked on its own: a fee line, an internal processing
 * step, a component of the dossier and the legal processing time, with the legal time limit in working hours.
 */
import { FEE_BASES, LIMITS } from './content-limits.ts';
import type { Reader } from './content-reader.ts';
import type { FeeLine } from './fees.ts';
import { TIME_UNITS } from './procedure.ts';
import type { Component, InternalStep, ProcessingTime, TimeUnit } from './procedure.ts';

// --- the parts -------------------------------------------------------------------------------------------------

export function feeLineOf(r: Reader, value: unknown, path: string): FeeLine | undefined {
  const o = r.object(value, path, ['label', 'amount', 'basis', 'unitLabel', 'fromPage', 'capPerCopy']);
  if (!o) return undefined;
  const label = r.line(o.label, `${path}.label`, LIMITS.feeLabel, true);
  const amount = r.integer(o.amount, `${path}.amount`, 0, LIMITS.amount, true) ?? 0;
  const basis = r.choice(o.basis, `${path}.basis`, FEE_BASES);
  const unitLabel = r.line(o.unitLabel, `${path}.unitLabel`, LIMITS.unitLabel, false) || (basis === 'per_page' ? 'đồng/trang' : 'đồng');
  const line: FeeLine = { label, amount, basis, unitLabel };
  if (o.fromPage !== undefined && o.fromPage !== null) {
    const from = r.object(o.fromPage, `${path}.fromPage.page`, ['page', 'amount']);
    if (from && (from.page !== undefined || from.amount !== undefined)) {
      const page = r.integer(from.page, `${path}.fromPage.page`, 2, LIMITS.page, true);
      const pageAmount = r.integer(from.amount, `${path}.fromPage.amount`, 0, LIMITS.amount, true);
      if (basis !== 'per_page') r.problem(`${path}.fromPage.page`, 'catalogue_admin.error.per_page_only');
      else if (page !== undefined && pageAmount !== undefined) line.fromPage = { page, amount: pageAmount };
    }
  }
  if (o.capPerCopy !== undefined && o.capPerCopy !== null && o.capPerCopy !== '') {
    const cap = r.integer(o.capPerCopy, `${path}.capPerCopy`, 0, LIMITS.amount);
    if (basis !== 'per_page') r.problem(`${path}.capPerCopy`, 'catalogue_admin.error.per_page_only');
    else if (cap !== undefined) {
      if (cap < amount) r.problem(`${path}.capPerCopy`, 'catalogue_admin.error.cap_below_amount');
      line.capPerCopy = cap;
    }
  }
  return line;
}

export function internalStepOf(r: Reader, value: unknown, path: string): InternalStep | undefined {
  const o = r.object(value, path, ['name', 'hours']);
  if (!o) return undefined;
  const name = r.line(o.name, `${path}.name`, LIMITS.stepName, true);
  const hours = r.integer(o.hours, `${path}.hours`, 1, LIMITS.stepHours, true) ?? 1;
  return { name, hours };
}

/** A template file is a name offered for download, never a path. */
const FILE_NAME = /^[^/\\:*?"<>|]+$/;

export function componentOf(r: Reader, value: unknown, path: string): Component | undefined {
  const o = r.object(value, path, ['name', 'originals', 'copies', 'required', 'templateFile']);
  if (!o) return undefined;
  const name = r.text(o.name, `${path}.name`, LIMITS.componentName, true);
  const originals = r.integer(o.originals, `${path}.originals`, 0, LIMITS.count) ?? 0;
  const copies = r.integer(o.copies, `${path}.copies`, 0, LIMITS.count) ?? 0;
  const required = r.boolean(o.required, `${path}.required`, true);
  const templateFile = r.line(o.templateFile, `${path}.templateFile`, LIMITS.templateFile, false) || null;
  if (templateFile !== null && !FILE_NAME.test(templateFile)) r.problem(`${path}.templateFile`, 'catalogue_admin.error.file_name');
  return { name, originals, copies, required, templateFile };
}

export function processingTimeOf(r: Reader, value: unknown): ProcessingTime {
  const o = value === undefined || value === null ? {} : r.object(value, 'processingTime.value', ['value', 'unit', 'note']) ?? {};
  const timeValue = r.decimal(o.value, 'processingTime.value', LIMITS.timeValue) ?? null;
  const unit = o.unit === undefined || o.unit === null || o.unit === '' ? null : r.choice<TimeUnit>(o.unit, 'processingTime.unit', TIME_UNITS);
  const note = r.optionalText(o.note, 'processingTime.note', LIMITS.note);
  if (timeValue === null && unit !== null && !r.has('processingTime.value')) r.problem('processingTime.value', 'catalogue_admin.error.unit_without_value');
  return { value: timeValue, unit, note };
}

/** The legal time limit in working hours, when it can be counted. */
export function legalHours(time: ProcessingTime): number | null {
  if (time.value === null) return null;
  if (time.unit === 'working_days') return time.value * 8;
  if (time.unit === 'working_hours') return time.value;
  return null;
}

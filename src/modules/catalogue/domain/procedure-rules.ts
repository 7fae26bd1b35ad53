/**
 * What a procedure version may contain, checked the same way whatever it comes from: the editing form,
 * a JSON file or an XLSX workbook. Pure: no database, no clock (today is passed in).
 *
 * `checkProcedure` cleans what it accepts (Unicode NFC, white space tidied, numbers typed as text read
 * as numbers) and returns either the clean content or every problem found, each with the path of the
 * part it concerns (`feeLines.1.amount`, `components.0.name`, `formDefinition`) and a message key.
 * Cleaning is idempotent, so content that was checked once comes out of a second check unchanged:
 * exporting and importing again gives the same content.
 *
 * The rules are split by concern: the content's shape and limits (content-limits.ts), reading loose input
 * (content-reader.ts), the structured parts (part-rules.ts), the online form (form-definition-rules.ts),
 * publication (publication-rules.ts) and versions (version-rules.ts). This file checks a whole version and
 * re-exports the rest, so that importers have one path.
 */
import { fold } from './fold.ts';
import { CODE_PATTERN, CONTENT_KEYS, EXPORT_ONLY_KEYS, FEE_STATUSES, LIMITS } from './content-limits.ts';
import type { Checked, ProcedureContent } from './content-limits.ts';
import { Reader } from './content-reader.ts';
import type { FeeLine, FeeStatus } from './fees.ts';
import { checkFormDefinition } from './form-definition-rules.ts';
import { componentOf, feeLineOf, internalStepOf, legalHours, processingTimeOf } from './part-rules.ts';
import { FEE_TIMINGS, ONLINE_LEVELS } from './procedure.ts';
import type { Component, FeeTiming, InternalStep, OnlineLevel } from './procedure.ts';

export { CODE_PATTERN, EXPORT_ONLY_KEYS, FEE_BASES, FEE_STATUSES, LIMITS } from './content-limits.ts';
export type { Checked, Problem, ProcedureContent } from './content-limits.ts';
export { cleanLine, cleanText } from './content-reader.ts';
export { legalHours } from './part-rules.ts';
export { checkFormDefinition } from './form-definition-rules.ts';
export { checkPublication, displayDate, parseDate } from './publication-rules.ts';
export { canonical, changedParts, contentOf, CONTENT_FIELDS, VERSION_STATES, versionStates } from './version-rules.ts';
export type { VersionFacts, VersionState } from './version-rules.ts';

// --- the whole procedure ---------------------------------------------------------------------------------------

/** Online filing, in part or in full, needs an online channel among the methods. */
const isOnlineMethod = (method: string) => fold(method).includes('truc tuyen') || fold(method).includes('online');

/**
 * Checks and cleans one procedure version's content. `input` is loosely typed (a parsed JSON object, or what
 * the form or the workbook reader built); keys in `EXPORT_ONLY_KEYS` are ignored, any other unknown key is a problem.
 */
export function checkProcedure(input: unknown): Checked<ProcedureContent> {
  const r = new Reader();
  const o = r.object(input, 'code', [...CONTENT_KEYS, ...EXPORT_ONLY_KEYS]);
  if (!o) return { ok: false, problems: r.problems };

  const code = r.line(o.code, 'code', 20, true).toUpperCase();
  if (code !== '' && !CODE_PATTERN.test(code)) r.problem('code', 'catalogue_admin.error.code_format');
  const name = r.line(o.name, 'name', LIMITS.name, true);
  const field = r.line(o.field, 'field', LIMITS.field, true);
  const level = r.line(o.level, 'level', LIMITS.level, true);
  const agencies = r.lines(o.agencies, 'agencies');
  const legalBasis = r.lines(o.legalBasis, 'legalBasis');
  const steps = r.lines(o.steps, 'steps');
  const methods = r.lines(o.methods, 'methods');
  const subjects = r.text(o.subjects, 'subjects', LIMITS.subjects);
  const processingTime = processingTimeOf(r, o.processingTime);

  const feeStatus = r.choice<FeeStatus>(o.feeStatus, 'feeStatus', FEE_STATUSES);
  const feeLines = r.array(o.feeLines, 'feeLines', LIMITS.feeLines).map((l, i) => feeLineOf(r, l, `feeLines.${i}`)).filter((l): l is FeeLine => l !== undefined);
  if (!r.has('feeStatus')) {
    if (feeStatus === 'charged' && feeLines.length === 0) r.problem('feeLines', 'catalogue_admin.error.fee_lines_needed');
    if ((feeStatus === 'free' || feeStatus === 'not_published') && feeLines.length > 0) r.problem('feeLines', 'catalogue_admin.error.fee_lines_not_allowed');
  }
  const feeNote = r.optionalText(o.feeNote, 'feeNote', LIMITS.note);
  const feeTiming = r.choice<FeeTiming>(o.feeTiming, 'feeTiming', FEE_TIMINGS, 'at_intake');

  const paperResultRequired = r.boolean(o.paperResultRequired, 'paperResultRequired', false);
  const resultDocument = r.optionalText(o.resultDocument, 'resultDocument', LIMITS.resultDocument);
  const onlineLevel = r.choice<OnlineLevel>(o.onlineLevel, 'onlineLevel', ONLINE_LEVELS);
  if (onlineLevel !== 'none' && !r.has('onlineLevel') && !methods.some(isOnlineMethod)) r.problem('onlineLevel', 'catalogue_admin.error.online_needs_method');

  const internalSteps = r.array(o.internalSteps, 'internalSteps', LIMITS.internalSteps)
    .map((s, i) => internalStepOf(r, s, `internalSteps.${i}`)).filter((s): s is InternalStep => s !== undefined);
  const budget = legalHours(processingTime);
  const hours = internalSteps.reduce((sum, s) => sum + s.hours, 0);
  if (budget !== null && hours > budget) r.problem('internalSteps', 'catalogue_admin.error.hours_exceed', { hours, limit: budget });

  const { form: formDefinition } = checkFormDefinition(o.formDefinition, r.problems);
  const source = r.text(o.source, 'source', LIMITS.source);
  const components = r.array(o.components, 'components', LIMITS.components)
    .map((c, i) => componentOf(r, c, `components.${i}`)).filter((c): c is Component => c !== undefined);

  if (r.problems.length > 0) return { ok: false, problems: r.problems };
  return {
    ok: true,
    value: {
      code, name, field, level, agencies, legalBasis, steps, methods, subjects, processingTime, feeStatus, feeLines, feeNote, feeTiming,
      paperResultRequired, resultDocument, onlineLevel, internalSteps, formDefinition, source, components,
    },
  };
}

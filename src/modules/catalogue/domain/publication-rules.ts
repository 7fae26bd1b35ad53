/**
 * Publication of a draft: reading the effective date as typed, and checking it (not in the past, not before the
 * previous version) together with the seven parts a published procedure must have (NĐ 63/2010 Art. 8).
 */
import type { MessageKey } from '../../../platform/i18n/index.ts';
import type { Checked, Problem, ProcedureContent } from './content-limits.ts';
import { missingParts, sevenParts } from './seven-parts.ts';
import type { SevenPartKey } from './seven-parts.ts';

// --- publication ------------------------------------------------------------------------------------------------

/** 'YYYY-MM-DD' or 'DD/MM/YYYY' → 'YYYY-MM-DD' when it is a real date; undefined otherwise. */
export function parseDate(text: string): string | undefined {
  const t = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (!iso && !vn) return undefined;
  const [y, mo, d] = iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : [Number(vn![3]), Number(vn![2]), Number(vn![1])];
  if (y < 2000 || y > 2100) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/** '2026-07-01' → '01/07/2026'. */
export const displayDate = (iso: string) => iso.split('-').reverse().join('/');

const PART_KEYS: Record<SevenPartKey, MessageKey> = {
  name: 'catalogue_admin.missing.name',
  sequence: 'catalogue_admin.missing.sequence',
  method: 'catalogue_admin.missing.method',
  components: 'catalogue_admin.missing.components',
  time: 'catalogue_admin.missing.time',
  subjects: 'catalogue_admin.missing.subjects',
  agency: 'catalogue_admin.missing.agency',
};

const PART_PATHS: Record<SevenPartKey, string> = {
  name: 'name', sequence: 'steps', method: 'methods', components: 'components', time: 'processingTime.value', subjects: 'subjects', agency: 'agencies',
};

/**
 * Whether a draft may be published with `effectiveFrom` (as typed): a real date, not before `today` (Vietnam's)
 * nor before the effective date of the newest version already published, and all seven parts present
 * (NĐ 63/2010 Art. 8). Returns the clean date, or the problems (path `effectiveFrom` or the part's field).
 */
export function checkPublication(
  content: ProcedureContent,
  effectiveFrom: string,
  today: string,
  latestPublished: { version: number; effectiveFrom: string } | null,
): Checked<string> {
  const problems: Problem[] = [];
  const date = parseDate(effectiveFrom);
  if (!date) problems.push({ path: 'effectiveFrom', key: 'catalogue_admin.error.date_format' });
  else if (date < today) problems.push({ path: 'effectiveFrom', key: 'catalogue_admin.error.date_past', params: { today: displayDate(today) } });
  else if (latestPublished && date < latestPublished.effectiveFrom) {
    problems.push({ path: 'effectiveFrom', key: 'catalogue_admin.error.date_before_previous', params: { version: latestPublished.version, date: displayDate(latestPublished.effectiveFrom) } });
  }
  for (const part of missingParts(sevenParts({ ...content, id: 0, version: 0, status: 'draft', effectiveFrom: '' }))) {
    problems.push({ path: PART_PATHS[part], key: PART_KEYS[part] });
  }
  return problems.length > 0 || !date ? { ok: false, problems } : { ok: true, value: date };
}

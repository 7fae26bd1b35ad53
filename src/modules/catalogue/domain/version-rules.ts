/**
 * The versions of one procedure: which is in force, scheduled, superseded or a draft on a given day, what
 * changed between two of them, and the content of a stored version without its number, status and date.
 */
import { CONTENT_KEYS } from './content-limits.ts';
import type { ProcedureContent } from './content-limits.ts';

// --- versions ---------------------------------------------------------------------------------------------------

/**
 * How a version stands on `today`: a draft; the version in force (`published`); `scheduled`, published to take
 * effect later; or `superseded`, published but replaced (or never to be in force, a later version taking effect first).
 */
export type VersionState = 'draft' | 'published' | 'scheduled' | 'superseded';
export const VERSION_STATES: readonly VersionState[] = ['draft', 'published', 'scheduled', 'superseded'];

export interface VersionFacts {
  version: number;
  status: 'draft' | 'published';
  effectiveFrom: string | null;
}

/** The state of each version of one code (the same rule as the store's `inForce` query). */
export function versionStates(versions: readonly VersionFacts[], today: string): Map<number, VersionState> {
  const published = versions.filter((v) => v.status === 'published' && v.effectiveFrom !== null);
  const inForce = published.filter((v) => v.effectiveFrom! <= today).reduce<VersionFacts | undefined>((a, v) => (!a || v.version > a.version ? v : a), undefined);
  const states = new Map<number, VersionState>();
  for (const v of versions) {
    if (v.status === 'draft') states.set(v.version, 'draft');
    else if (v === inForce) states.set(v.version, 'published');
    else if (v.effectiveFrom! > today && !published.some((n) => n.version > v.version && n.effectiveFrom! <= v.effectiveFrom!)) states.set(v.version, 'scheduled');
    else states.set(v.version, 'superseded');
  }
  return states;
}

/** The parts of the content that differ between two versions, in the order of the form. */
export function changedParts(before: ProcedureContent, after: ProcedureContent): (keyof ProcedureContent)[] {
  return CONTENT_KEYS.filter((k) => JSON.stringify(canonical(before[k])) !== JSON.stringify(canonical(after[k])));
}

/** Objects with their keys sorted, so that key order (jsonb reorders keys) makes no difference. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  return value;
}

/** The content of a stored version (drops the number, status, effective date and id). */
export function contentOf(p: ProcedureContent & Partial<Record<'id' | 'version' | 'status' | 'effectiveFrom', unknown>>): ProcedureContent {
  const out = {} as Record<string, unknown>;
  for (const k of CONTENT_KEYS) out[k] = p[k];
  return out as unknown as ProcedureContent;
}

export const CONTENT_FIELDS: readonly (keyof ProcedureContent)[] = CONTENT_KEYS;

/**
 * The province's scoring settings. The decision fixes the groups' maxima, the thresholds of six indicators and
 * the split of group 5 (5.1 = 5, 5.2 = 5, 5.3 = 2, 5.4 = 6); the split of groups 1–4 and the cut-offs of the
 * labels were not found in the sources (vn-rules.md §1.2), so they are settings, and the pages say so.
 */
import { GROUPS, INDICATORS } from './indicators.ts';
import type { GroupKey } from './indicators.ts';

export const LABELS = ['good', 'fair', 'average', 'weak'] as const;
export type Label = (typeof LABELS)[number];

export interface ReportSettings {
  /** Points of each indicator; each group's points add up to its maximum. */
  points: Record<string, number>;
  /** Full points at or above this rate (percent); below it, rate × points ÷ threshold. */
  thresholds: Record<string, number>;
  /** The commune dashboard's target for each indicator (percent). */
  targets: Record<string, number>;
  /** Lowest share of the attainable points (percent) for each label above "weak". */
  labelCutoffs: { good: number; fair: number; average: number };
}

/** Known from the sources: the points of group 5 (vn-rules.md §1.2). The others are an even split. */
const KNOWN_POINTS: Record<string, number> = { '5.1': 5, '5.2': 5, '5.3': 2, '5.4': 6 };

export function defaultSettings(): ReportSettings {
  const points: Record<string, number> = {};
  for (const g of GROUPS) {
    const members = INDICATORS.filter((i) => i.group === g.key);
    const unknown = members.filter((i) => KNOWN_POINTS[i.id] === undefined);
    const left = g.max - members.reduce((s, i) => s + (KNOWN_POINTS[i.id] ?? 0), 0);
    // An even split at 2 decimals; the last takes the remainder, so the group adds up exactly (20 / 3 = 6.67, 6.67, 6.66).
    const share = Math.round((left / unknown.length) * 100) / 100;
    unknown.forEach((i, n) => { points[i.id] = n === unknown.length - 1 ? Math.round((left - share * (unknown.length - 1)) * 100) / 100 : share; });
    for (const i of members) if (KNOWN_POINTS[i.id] !== undefined) points[i.id] = KNOWN_POINTS[i.id]!;
  }
  const thresholds = Object.fromEntries(INDICATORS.map((i) => [i.id, i.threshold ?? 100]));
  return { points, thresholds, targets: { ...thresholds }, labelCutoffs: { good: 80, fair: 65, average: 50 } };
}

/** Which settings come from the decision itself, so the pages can tell them from the province's choices. */
export function isFromDecision(kind: 'points' | 'threshold', id: string): boolean {
  if (kind === 'points') return KNOWN_POINTS[id] !== undefined || INDICATORS.filter((i) => i.group === INDICATORS.find((x) => x.id === id)?.group).length === 1;
  return INDICATORS.find((i) => i.id === id)?.threshold !== undefined;
}

export type SettingsProblem = { field: string; problem: 'number' | 'range' | 'group_sum' | 'label_order'; group?: GroupKey };

/** A plain decimal ("4.5" or "4,5"); Number() alone would also take "0x10", "1e1" or "0b11". */
const DECIMAL = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;

const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && DECIMAL.test(v.trim()) ? Number(v.trim().replace(',', '.')) : NaN;
  return Number.isFinite(n) ? n : null;
};

/** Reads settings from a form or JSON, all or nothing: every problem is listed. */
export function readSettings(input: { points: Record<string, unknown>; thresholds: Record<string, unknown>; targets: Record<string, unknown>; labelCutoffs: Record<string, unknown> }): { settings: ReportSettings } | { problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const read = (field: string, v: unknown, min: number, max: number, minExclusive = false): number => {
    const n = num(v);
    if (n === null) problems.push({ field, problem: 'number' });
    else if (n > max || n < min || (minExclusive && n === min)) problems.push({ field, problem: 'range' });
    return n ?? 0;
  };
  const points: Record<string, number> = {};
  const thresholds: Record<string, number> = {};
  const targets: Record<string, number> = {};
  for (const i of INDICATORS) {
    points[i.id] = read(`points.${i.id}`, input.points[i.id], 0, 100);
    thresholds[i.id] = read(`thresholds.${i.id}`, input.thresholds[i.id], 0, 100, true);
    targets[i.id] = read(`targets.${i.id}`, input.targets[i.id], 0, 100);
  }
  for (const g of GROUPS) {
    const sum = INDICATORS.filter((i) => i.group === g.key).reduce((s, i) => s + points[i.id]!, 0);
    if (Math.abs(sum - g.max) > 0.005) problems.push({ field: `group.${g.key}`, problem: 'group_sum', group: g.key });
  }
  const labelCutoffs = {
    good: read('labels.good', input.labelCutoffs.good, 0, 100),
    fair: read('labels.fair', input.labelCutoffs.fair, 0, 100),
    average: read('labels.average', input.labelCutoffs.average, 0, 100),
  };
  if (!(labelCutoffs.good > labelCutoffs.fair && labelCutoffs.fair > labelCutoffs.average)) problems.push({ field: 'labels', problem: 'label_order' });
  return problems.length > 0 ? { problems } : { settings: { points, thresholds, targets, labelCutoffs } };
}

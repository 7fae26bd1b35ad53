import type { HandOverResult } from './types.ts';

/**
 * A step's result on the control slip (Mẫu 06) from its budget and the time it took, as one production
 * system computes it (shared/docs/research/vn-rules.md §3.1): early when the allotted minutes exceed the
 * used ones, on time when equal, late otherwise.
 */
export function handOverResult(allottedMinutes: number, usedMinutes: number): HandOverResult {
  if (allottedMinutes > usedMinutes) return 'early';
  if (allottedMinutes === usedMinutes) return 'on_time';
  return 'late';
}

/**
 * Where each commune stands on a request, and the aggregate of what they submitted, pure. Only submissions in
 * force count in the aggregate: a returned one is being corrected and counts again once resubmitted.
 */
import type { Answers, FieldDef } from './fields.ts';
import { isNumeric } from './fields.ts';

export const SUBMISSION_STATUSES = ['draft', 'submitted', 'returned'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const UNIT_STATES = ['not_started', 'draft', 'returned', 'submitted_on_time', 'submitted_late', 'overdue'] as const;
export type UnitState = (typeof UNIT_STATES)[number];

/**
 * A commune's state: `overdue` is "nothing submitted yet and past the deadline", whatever draft it has saved; a
 * report the province returned stays `returned` (the province asked for the correction) until it comes back.
 */
export function unitState(submission: { status: SubmissionStatus; late: boolean | null } | undefined, deadline: Date, now: Date): UnitState {
  if (submission?.status === 'submitted') return submission.late ? 'submitted_late' : 'submitted_on_time';
  if (submission?.status === 'returned') return 'returned';
  if (now.getTime() > deadline.getTime()) return 'overdue';
  if (!submission) return 'not_started';
  return submission.status;
}

/** Submitted after the deadline (the deadline's own instant is still on time). */
export const isLate = (submittedAt: Date, deadline: Date) => submittedAt.getTime() > deadline.getTime();

export interface FieldAggregate {
  key: string;
  /** How many submissions gave a value. */
  count: number;
  /** Null for text fields, and for percentages (a sum of rates means nothing). */
  sum: number | null;
  /** Null when nobody gave a value, and for text fields. */
  average: number | null;
}

export interface Aggregate {
  /** Submissions in force. */
  submitted: number;
  fields: FieldAggregate[];
}

/** Sums are exact for integers; averages are rounded to two decimals. */
export function aggregate(fields: readonly FieldDef[], submitted: readonly Answers[]): Aggregate {
  return {
    submitted: submitted.length,
    fields: fields.map((f) => {
      const values = submitted.map((a) => a[f.key]);
      if (!isNumeric(f.kind)) return { key: f.key, count: values.filter((v) => typeof v === 'string' && v !== '').length, sum: null, average: null };
      const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      const total = numbers.reduce((s, n) => s + n, 0);
      const sum = f.kind === 'percent' ? null : Math.round(total * 10_000) / 10_000;
      return { key: f.key, count: numbers.length, sum, average: numbers.length === 0 ? null : Math.round((total / numbers.length) * 100) / 100 };
    }),
  };
}

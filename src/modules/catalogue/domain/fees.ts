/**
 * Fees (phí, lệ phí) in integer đồng, as lines attached to a procedure. A line is charged per case
 * (trường hợp, giao dịch, văn bản…) or per page of each copy, with an optional lower price from a given
 * page on and a cap per copy: chứng thực bản sao is 2.000 đ/page, 1.000 đ/page from page 3, at most
 * 200.000 đ per copy (TT 226/2016/TT-BTC Art. 4).
 */

export type FeeBasis = 'per_case' | 'per_page';

export interface FeeLine {
  /** What is charged, as published: "Lệ phí", "Phí chứng thực". */
  label: string;
  /** Đồng per case, or per page for the first pages. */
  amount: number;
  basis: FeeBasis;
  /** The published unit: "đồng/trang", "đồng/trường hợp". */
  unitLabel: string;
  /** per_page: from this page on, each page costs `amount`. */
  fromPage?: { page: number; amount: number };
  /** per_page: at most this much per copy. */
  capPerCopy?: number;
}

/** Whether a procedure costs anything, and who says so. */
export type FeeStatus = 'free' | 'charged' | 'set_by_province' | 'not_published';

export interface FeeQuantities {
  /** Pages of the original (per_page lines). */
  pages?: number;
  /** Copies wanted (per_page lines). */
  copies?: number;
  /** Cases (per_case lines). */
  cases?: number;
}

const MAX_QUANTITY = 10_000;

function count(value: number | undefined, name: string): number {
  const n = value ?? 1;
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_QUANTITY) throw new RangeError(`${name} must be a whole number from 1 to ${MAX_QUANTITY}`);
  return n;
}

/** The price of one copy of `pages` pages under a per-page line. */
export function perCopyFee(line: FeeLine, pages: number): number {
  const cheaperFrom = line.fromPage ? Math.max(1, line.fromPage.page) : Infinity;
  const fullPages = Math.min(pages, cheaperFrom - 1);
  const cheapPages = pages - fullPages;
  const total = fullPages * line.amount + cheapPages * (line.fromPage?.amount ?? line.amount);
  return line.capPerCopy !== undefined ? Math.min(total, line.capPerCopy) : total;
}

/** The fee of one line for the given quantities, in đồng. */
export function lineFee(line: FeeLine, q: FeeQuantities = {}): number {
  if (line.basis === 'per_page') return perCopyFee(line, count(q.pages, 'pages')) * count(q.copies, 'copies');
  return line.amount * count(q.cases, 'cases');
}

/** The total of every line, in đồng. */
export function computeFee(lines: readonly FeeLine[], q: FeeQuantities = {}): number {
  return lines.reduce((sum, line) => sum + lineFee(line, q), 0);
}

/** 2000 → "2.000 đ" (Vietnamese grouping, whatever the locale data of the machine). */
export function formatDong(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  return `${sign}${String(Math.abs(Math.trunc(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;
}

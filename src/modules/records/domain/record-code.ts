/**
 * Record codes, `{agency code}-{YYMMDD}-{sequence of the day, at least 4 digits}` as local systems write
 * them (H15.50.05.13-261008-0975; vn-rules §4): the agency that resolves the record, the Vietnam date of
 * receipt, the day's counter of that agency.
 */

/** The Vietnam date (UTC+7, no daylight saving) of an instant, as YYYY-MM-DD. */
export function vietnamDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export function formatRecordCode(agencyCode: string, vnDate: string, sequence: number): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError('sequence must be a positive integer');
  const [y, m, d] = vnDate.split('-');
  return `${agencyCode}-${y!.slice(2)}${m}${d}-${String(sequence).padStart(4, '0')}`;
}

/** Shape only: agency code (letters, digits, dots), six digits, four or more digits. */
export const RECORD_CODE_PATTERN = /^[A-Z0-9][A-Z0-9.]{0,39}-[0-9]{6}-[0-9]{4,9}$/;

/** What people type: spaces around it and lower case letters are forgiven. */
export function normaliseRecordCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  return RECORD_CODE_PATTERN.test(code) ? code : null;
}

/**
 * Numbers and symbols of outgoing documents (NĐ 30/2020, vn-rules.md §7): `Số: 12/QĐ-UBND` — the yearly number
 * (from 01 on 1 January; below 10 with a leading 0), `/`, the type's abbreviation, `-`, the issuer's abbreviation; a
 * công văn has no type: `12/UBND-VP` (issuer, then the drafting office). Place and date: "Mường Đăng, ngày 05 tháng
 * 3 năm 2026" (days below 10 and months 1–2 with a leading 0).
 */
import { documentType } from './document-types.ts';

/** A number as written: at least two digits. */
export const numberText = (n: number): string => {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError('a document number is a positive integer');
  return String(n).padStart(2, '0');
};

/**
 * The number and symbol: `12/QĐ-UBND`; for a type without abbreviation (công văn), `12/UBND-VP` with the drafting
 * office when given. Abbreviations are written as given (mixed case kept).
 */
export function numberAndSymbol(n: number, typeCode: string, issuer: string, draftingOffice?: string): string {
  const type = documentType(typeCode);
  if (!type) throw new RangeError(`unknown document type ${typeCode}`);
  const issuerPart = [issuer, ...(type.abbreviation === null && draftingOffice ? [draftingOffice] : [])].join('-');
  return type.abbreviation === null ? `${numberText(n)}/${issuerPart}` : `${numberText(n)}/${type.abbreviation}-${issuerPart}`;
}

/** The year of an instant in Vietnam (numbers start again on 1 January, Vietnam time). */
export const vietnamYear = (at: Date): number => new Date(at.getTime() + 7 * 3600_000).getUTCFullYear();

/**
 * "Mường Đăng, ngày 05 tháng 3 năm 2026": days below 10 get a leading 0, and months 1 and 2 (so that "tháng 01"
 * cannot be altered into "tháng 11"); other months are written bare.
 */
export function placeAndDate(place: string, day: string): string {
  const [y, m, d] = day.split('-') as [string, string, string];
  const month = Number(m);
  return `${place}, ngày ${d} tháng ${month <= 2 ? m : String(month)} năm ${y}`;
}

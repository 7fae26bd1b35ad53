/**
 * The fixed wording printed on an outgoing document (NĐ 30/2020/NĐ-CP Phụ lục I): official text on the document
 * itself, in Vietnamese only, so it lives here and not in the interface catalogues (like one-stop-forms'
 * domain/texts.ts). The issuer abbreviation of a People's Committee is "UBND" (Phụ lục III: chữ viết tắt tên cơ
 * quan); other units of the install would need a per-unit setting (see `issuerAbbreviation`).
 */
import type { UnitKind } from '../../tenancy/index.ts';

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
export const NUMBER_LABEL = 'Số:';
export const DATE_BLANK = 'ngày … tháng … năm …';
export const RECIPIENTS_LABEL = 'Nơi nhận:';
export const DEAR = 'Kính gửi:';
export const REGARDING = 'V/v';
/** The last line of "Nơi nhận": the clerk's copy (VT) and the drafting office's. */
export const FILED_COPY = (office: string) => `Lưu: VT${office ? `, ${office}` : ''}.`;
export const URGENCY_MARK = { normal: '', urgent: 'KHẨN', very_urgent: 'THƯỢNG KHẨN', express: 'HỎA TỐC' } as const;

/** Signing capacity (thẩm quyền ký): on behalf of the collective, as deputy, as acting… (NĐ 30/2020 Art. 13). */
export const CAPACITIES = ['TM.', 'KT.', 'TL.', 'TUQ.', 'Q.', ''] as const;
export type Capacity = (typeof CAPACITIES)[number];

/**
 * The issuer's abbreviation in the symbol. A commune's or ward's People's Committee issues as "UBND"; the province
 * too. A constant for now: an install with other kinds of issuer (a party committee, a council: "HĐND") would make
 * it a unit setting.
 */
export function issuerAbbreviation(kind: UnitKind): string {
  void kind;
  return 'UBND';
}

/** The collective a leader signs for: "ỦY BAN NHÂN DÂN". */
export const COLLECTIVE = 'ỦY BAN NHÂN DÂN';

/** The place on the place-and-date line: the unit's name without "Xã", "Phường", "Thị trấn", "Tỉnh". */
export function placeOf(unitName: string): string {
  return unitName.replace(/^(xã|phường|thị trấn|tỉnh|thành phố)\s+/iu, '').trim() || unitName;
}

/** The signing capacities offered on the draft form and what the document prints (NĐ 30/2020 Art. 13). */
export const CAPACITY_TEXT = { tm: `TM. ${COLLECTIVE}`, kt: 'KT. CHỦ TỊCH', none: '' } as const;
export type CapacityChoice = keyof typeof CAPACITY_TEXT;

/** The signer's title as printed, from their role. */
export const SIGNER_TITLE = { chairman: 'CHỦ TỊCH', vice_chairman: 'PHÓ CHỦ TỊCH' } as const;

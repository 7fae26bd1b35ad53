/**
 * The administrative document types of NĐ 30/2020/NĐ-CP, Phụ lục III, with their abbreviations as they stand in a
 * document's symbol — mixed case kept exactly (`QyĐ`, `CTr`, `TTr`). A công văn has no type in its symbol.
 * Copies: sao y (SY), trích sao (TrS), sao lục (SL). Source: vn-rules.md §7.
 */
export interface DocumentType {
  /** Our code, also the abbreviation; `CV` for a công văn (not written in the symbol). */
  code: string;
  /** The abbreviation in the symbol, or null (công văn, thư công). */
  abbreviation: string | null;
  /** Vietnamese name, as the decree writes it. */
  name: string;
}

export const DOCUMENT_TYPES: readonly DocumentType[] = [
  { code: 'NQ', abbreviation: 'NQ', name: 'Nghị quyết' },
  { code: 'QĐ', abbreviation: 'QĐ', name: 'Quyết định' },
  { code: 'CT', abbreviation: 'CT', name: 'Chỉ thị' },
  { code: 'QC', abbreviation: 'QC', name: 'Quy chế' },
  { code: 'QyĐ', abbreviation: 'QyĐ', name: 'Quy định' },
  { code: 'TC', abbreviation: 'TC', name: 'Thông cáo' },
  { code: 'TB', abbreviation: 'TB', name: 'Thông báo' },
  { code: 'HD', abbreviation: 'HD', name: 'Hướng dẫn' },
  { code: 'CTr', abbreviation: 'CTr', name: 'Chương trình' },
  { code: 'KH', abbreviation: 'KH', name: 'Kế hoạch' },
  { code: 'PA', abbreviation: 'PA', name: 'Phương án' },
  { code: 'ĐA', abbreviation: 'ĐA', name: 'Đề án' },
  { code: 'DA', abbreviation: 'DA', name: 'Dự án' },
  { code: 'BC', abbreviation: 'BC', name: 'Báo cáo' },
  { code: 'BB', abbreviation: 'BB', name: 'Biên bản' },
  { code: 'TTr', abbreviation: 'TTr', name: 'Tờ trình' },
  { code: 'HĐ', abbreviation: 'HĐ', name: 'Hợp đồng' },
  { code: 'CĐ', abbreviation: 'CĐ', name: 'Công điện' },
  { code: 'BGN', abbreviation: 'BGN', name: 'Bản ghi nhớ' },
  { code: 'BTT', abbreviation: 'BTT', name: 'Bản thỏa thuận' },
  { code: 'GUQ', abbreviation: 'GUQ', name: 'Giấy ủy quyền' },
  { code: 'GM', abbreviation: 'GM', name: 'Giấy mời' },
  { code: 'GGT', abbreviation: 'GGT', name: 'Giấy giới thiệu' },
  { code: 'GNP', abbreviation: 'GNP', name: 'Giấy nghỉ phép' },
  { code: 'PG', abbreviation: 'PG', name: 'Phiếu gửi' },
  { code: 'PC', abbreviation: 'PC', name: 'Phiếu chuyển' },
  { code: 'PB', abbreviation: 'PB', name: 'Phiếu báo' },
  { code: 'CV', abbreviation: null, name: 'Công văn' },
  { code: 'TCg', abbreviation: null, name: 'Thư công' },
];

/** Kinds of electronic copy (bản sao) and their abbreviations. */
export const COPY_KINDS = [
  { code: 'SY', name: 'Sao y' },
  { code: 'TrS', name: 'Trích sao' },
  { code: 'SL', name: 'Sao lục' },
] as const;
export type CopyKind = (typeof COPY_KINDS)[number]['code'];

export const documentType = (code: string): DocumentType | undefined => DOCUMENT_TYPES.find((t) => t.code === code);

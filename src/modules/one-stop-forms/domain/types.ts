/**
 * What each form is printed from: plain data, no database rows. Strings are printed as given (after NFC
 * normalisation); dates are instants, printed in Vietnam's time. Optional fields left out are printed as
 * dotted blanks ("……") for the desk to fill in by hand, as the paper forms have them.
 */

import type { PageSize } from '../../../platform/pdf/page-geometry.ts';

/** A5 is the size of the printed set (Mẫu 01–06), A4 that of the register (Mẫu 07). */
export type { PageSize };

export interface PageOptions {
  /** Default A5 for Mẫu 01–06, A4 for Mẫu 07. */
  pageSize?: PageSize;
}

/** The header's left block (NĐ 30/2020 Phụ lục I, ô 2): printed in capitals. */
export interface FormAgency {
  /** The body the office belongs to, first line, regular: "Ủy ban nhân dân xã Mường Đăng". Optional. */
  parent?: string | null;
  /** The office issuing the form, bold: "Bộ phận Một cửa" / "Trung tâm Phục vụ hành chính công xã Mường Đăng". */
  name: string;
  /** The place in the date line: "Mường Đăng" → "Mường Đăng, ngày 27 tháng 10 năm 2026". */
  place: string;
}

export interface Applicant {
  name: string;
  /** The 12-digit personal ID number (số định danh cá nhân). */
  idNumber?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

/** A paper handed in or asked for. */
export interface ComponentLine {
  name: string;
  /** Originals (bản chính). */
  originals?: number | null;
  /** Copies (bản sao). */
  copies?: number | null;
}

/** Who signs an agency's letter (Mẫu 04, 05): "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" / name. */
export interface Signer {
  /** "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH": the lines above the title, if any. */
  capacity?: string[];
  /** "CHỦ TỊCH", "PHÓ CHỦ TỊCH". */
  title: string;
  name?: string | null;
}

/** Whether a fee is paid when the record is received ("Thu trước") or when the result is collected. */
export type FeeTiming = 'at_intake' | 'on_result';

export interface ReceiptFee {
  /** In đồng; 0 is printed as "Không phải nộp". */
  amount: number;
  timing?: FeeTiming | null;
  /** Printed after the amount: "theo số trang của bản chính". */
  note?: string | null;
}

/** Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptInput extends PageOptions {
  agency: FormAgency;
  /** The desk that received the record, in the sentence "… tiếp nhận hồ sơ của:". Default: the agency's name. */
  desk?: string | null;
  recordCode: string;
  /** The public site's address, e.g. "https://dichvucong.muongdang.gov.vn"; the QR code is `<publicUrl>/tra-cuu?code=<code>`. */
  publicUrl: string;
  applicant: Applicant;
  /** The person the record is for, when not the applicant. */
  owner?: string | null;
  procedureName: string;
  components: ComponentLine[];
  /** Số lượng hồ sơ (bộ). */
  sets: number;
  /** As the procedure publishes it: "05 ngày làm việc". */
  processingTime: string;
  /** Null or left out: "Không phải nộp". */
  fee?: ReceiptFee | null;
  receivedAt: Date;
  /** Null: the appointment is left blank ("… giờ … phút, ngày …") to be written by hand. */
  returnAt: Date | null;
  /** Where the result is collected: "Bộ phận Một cửa – Ủy ban nhân dân xã Mường Đăng". */
  returnPlace: string;
  /** The official who received the record. */
  receivingOfficial: string;
  /** "Vào Sổ theo dõi hồ sơ, Quyển số …, Số thứ tự …", when the desk keeps a paper register. */
  register?: { book: string; entry: string } | null;
}

/** What Mẫu 02–05 share: the header and the record they are about. */
export interface RecordLetterBase extends PageOptions {
  agency: FormAgency;
  /** "12/PYCBS"; left out: "Số: ……/……" to be filled in by hand. */
  documentNumber?: string | null;
  /** The form's date (place-and-date line). */
  issuedAt: Date;
  applicant: Applicant;
  procedureName: string;
  recordCode?: string | null;
}

/** Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: everything missing, listed at once. */
export interface SupplementRequestInput extends RecordLetterBase {
  desk?: string | null;
  /** Every paper or detail to add or correct (at least one). */
  missing: (ComponentLine & { detail?: string | null })[];
  reason?: string | null;
  /** Where the procedure's requirements are published, e.g. the national portal's address. */
  guidance?: string | null;
  /** The official to ask, and their phone. */
  contact: { name: string; phone?: string | null };
  /** The official who signs as "Người hướng dẫn". */
  official: string;
}

/** Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface RefusalInput extends RecordLetterBase {
  desk?: string | null;
  /** Why, one or several reasons (at least one). */
  reasons: string[];
  official: string;
}

/** Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết. */
export interface ApologyExtensionInput extends RecordLetterBase {
  recordCode: string;
  receivedAt: Date;
  /** The appointment given on the receipt. */
  dueAt: Date;
  /** Why the record is late. */
  reason: string;
  /** The new appointment. */
  newDueAt: Date;
  signer: Signer;
  /** "Nơi nhận:" lines; default: the applicant and "Lưu: VT". */
  recipients?: string[];
}

/** Mẫu 05: Thông báo dừng giải quyết hồ sơ. */
export interface StopNoticeInput extends RecordLetterBase {
  recordCode: string;
  receivedAt: Date;
  /** When the applicant asked to stop; null when the stop has another cause (then give the reason). */
  requestedAt?: Date | null;
  reason?: string | null;
  /** What happens to the papers and the fee already paid. */
  papers?: string | null;
  signer: Signer;
  recipients?: string[];
}

export type HandOverResult = 'early' | 'on_time' | 'late';

/** One hand-over of the record between offices (a row of Mẫu 06). */
export interface HandOver {
  /** The office handing over: "Bộ phận Một cửa". */
  from: string;
  /** The office receiving: "Công chức Tư pháp - Hộ tịch". */
  to: string;
  /** Null: left blank ("…giờ…phút, ngày…"). */
  at?: Date | null;
  giver?: string | null;
  taker?: string | null;
  result?: HandOverResult | null;
  note?: string | null;
}

/** Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface ControlSlipInput extends PageOptions {
  agency: FormAgency;
  documentNumber?: string | null;
  recordCode: string;
  /** With it, the slip carries the same tracking QR code as the receipt. */
  publicUrl?: string | null;
  issuedAt: Date;
  applicant: Applicant;
  procedureName: string;
  receivedAt: Date;
  dueAt: Date | null;
  handOvers: HandOver[];
}

/** One record in the register (a row of Mẫu 07). */
export interface RegisterEntry {
  code: string;
  procedureName: string;
  sets?: number | null;
  applicantName: string;
  address?: string | null;
  phone?: string | null;
  /** The office that decides (cơ quan chủ trì giải quyết). */
  handlingAgency?: string | null;
  receivedAt: Date;
  dueAt?: Date | null;
  transferredAt?: Date | null;
  resultReceivedAt?: Date | null;
  returnedAt?: Date | null;
  note?: string | null;
}

/** Mẫu 07: Sổ theo dõi hồ sơ, the records of a period. */
export interface RegisterInput {
  agency: FormAgency;
  /** Default A4. */
  pageSize?: PageSize;
  /** Default true: the register is printed across the page. */
  landscape?: boolean;
  /** The date of the print (place-and-date line). */
  issuedAt: Date;
  /** The period covered (inclusive dates). */
  from: Date;
  to: Date;
  book?: string | null;
  entries: RegisterEntry[];
}

/**
 * The fixed wording of the one-stop forms (Mẫu 01–07, TT 03/2025/TT-VPCP Phụ lục I) and of the document
 * header of NĐ 30/2020/NĐ-CP. These forms are issued in Vietnamese only: this is official text printed on
 * the paper, not interface text, so it lives here and not in the i18n catalogues, and has no English.
 *
 * The blanks of the 2025 forms were not read (shared/docs/research/vn-rules-2.md §3.1); titles are the 2025
 * names, the body wording follows the 2018 set (TT 01/2018/TT-VPCP) as real systems print it. What is
 * unverified is listed in docs/one-stop-forms.md.
 */

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

export const NUMBER_LABEL = 'Số:';
/** Printed after "Số:" when the document has no number yet, for the desk to fill in by hand. */
export const NUMBER_BLANK = '……/……';
export const SIGN_HINT = '(Ký và ghi rõ họ tên)';
export const SIGN_SEAL_HINT = '(Ký, ghi rõ họ tên và đóng dấu)';
export const RECIPIENTS_LABEL = 'Nơi nhận:';
export const DEAR = 'Kính gửi:';
export const CONTINUED = '(tiếp theo)';
export const TRACK_HINT = 'Tra cứu hồ sơ (hoặc quét mã QR):';
/** "Nơi nhận" of an agency's letter to the applicant named in "Kính gửi". */
export const DEFAULT_RECIPIENTS = ['Như trên;', 'Lưu: VT.'];
export const PAGE = (page: number, pages: number) => `Trang ${page}/${pages}`;

export const RECEIVED_FROM = (desk: string) => `${desk} tiếp nhận hồ sơ của:`;

export const APPLICANT = {
  mr_mrs: 'Ông/Bà:',
  idNumber: 'Số định danh cá nhân:',
  address: 'Địa chỉ:',
  phone: 'Số điện thoại:',
  email: 'Email:',
  owner: 'Chủ hồ sơ:',
  request: 'Nội dung yêu cầu giải quyết:',
  recordCode: 'Mã hồ sơ:',
} as const;

export const COMPONENTS = {
  number: 'TT',
  name: 'Tên giấy tờ',
  originals: 'Bản chính',
  copies: 'Bản sao',
  reason: 'Nội dung cần bổ sung, hoàn thiện',
} as const;

export const FEE_TIMING = {
  at_intake: 'Thu trước',
  on_result: 'Thu khi trả kết quả',
} as const;
export const FEE_NONE = 'Không phải nộp';

export const RECEIPT = {
  title: 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
  components: 'Thành phần hồ sơ nộp gồm:',
  sets: 'Số lượng hồ sơ:',
  setsUnit: 'bộ',
  legalTime: 'Thời gian giải quyết hồ sơ theo quy định là:',
  fee: 'Phí, lệ phí:',
  receivedAt: 'Thời gian nhận hồ sơ:',
  returnAt: 'Thời gian trả kết quả giải quyết hồ sơ:',
  returnPlace: 'Đăng ký nhận kết quả tại:',
  register: (book: string, entry: string) => `Vào Sổ theo dõi hồ sơ, Quyển số: ${book}, Số thứ tự: ${entry}.`,
  applicantSigns: 'NGƯỜI NỘP HỒ SƠ',
  officialSigns: 'NGƯỜI TIẾP NHẬN HỒ SƠ',
  /** "… giờ … phút, ngày …" when the appointment is left to be written by hand. */
  timeBlank: '…… giờ …… phút, ngày ……/……/………',
} as const;

export const SUPPLEMENT = {
  title: 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
  intro: 'Yêu cầu Ông/Bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
  reason: 'Lý do:',
  guidance: 'Quy định về thành phần hồ sơ của thủ tục được công khai tại:',
  contact: (name: string, phone: string) => `Trong quá trình bổ sung, hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với ${name}${phone ? `, số điện thoại ${phone}` : ''} để được hướng dẫn.`,
  apology: 'Xin lỗi về sự bất tiện này và mong Ông/Bà thông cảm.',
  officialSigns: 'NGƯỜI HƯỚNG DẪN',
} as const;

export const REFUSAL = {
  title: 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
  decision: (desk: string) => `Qua xem xét, ${desk} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`,
  closing: 'Xin thông báo để Ông/Bà được biết và thực hiện.',
  officialSigns: 'NGƯỜI TIẾP NHẬN HỒ SƠ',
} as const;

export const APOLOGY = {
  title: 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
  received: (agency: string, when: string, procedure: string) => `${agency} tiếp nhận hồ sơ của Ông/Bà vào ${when}, đề nghị giải quyết thủ tục: ${procedure}.`,
  code: 'Mã hồ sơ:',
  dueAt: 'Thời hạn trả kết quả theo giấy tiếp nhận hồ sơ và hẹn trả kết quả:',
  late: (agency: string) => `Đến nay, ${agency} chưa trả được kết quả giải quyết hồ sơ của Ông/Bà đúng hẹn.`,
  reason: 'Lý do:',
  sorry: (agency: string) => `${agency} xin lỗi Ông/Bà vì sự chậm trễ này và đề nghị gia hạn thời gian giải quyết hồ sơ.`,
  newDue: 'Thời gian hẹn trả kết quả mới:',
  closing: 'Rất mong nhận được sự thông cảm của Ông/Bà.',
} as const;

export const STOP = {
  title: 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
  received: (agency: string, when: string, procedure: string) => `${agency} đã tiếp nhận hồ sơ của Ông/Bà vào ${when}, đề nghị giải quyết thủ tục: ${procedure}.`,
  code: 'Mã hồ sơ:',
  request: (when: string) => `Ngày ${when}, Ông/Bà có đề nghị dừng giải quyết hồ sơ nêu trên.`,
  decision: (agency: string) => `${agency} thông báo dừng giải quyết hồ sơ nêu trên.`,
  reason: 'Lý do:',
  papers: 'Về hồ sơ, giấy tờ đã nộp:',
  closing: 'Xin thông báo để Ông/Bà được biết.',
} as const;

export const CONTROL = {
  title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
  attached: 'Kèm theo hồ sơ của',
  receivedAt: 'Ngày nhận hồ sơ:',
  dueAt: 'Ngày hẹn trả kết quả:',
  columns: {
    number: 'TT',
    agencies: 'Tên cơ quan',
    time: 'Thời gian giao, nhận hồ sơ',
    people: 'Người giao, người nhận',
    result: 'Kết quả giải quyết hồ sơ (trước hạn / đúng hạn / quá hạn)',
    note: 'Ghi chú',
  },
  give: 'Giao:',
  take: 'Nhận:',
  giver: 'Người giao:',
  taker: 'Người nhận:',
  timeBlank: '…giờ…phút, ngày…/…/……',
  results: { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' },
} as const;

export const REGISTER = {
  title: 'SỔ THEO DÕI HỒ SƠ',
  book: 'Quyển số:',
  period: (from: string, to: string) => `Từ ngày ${from} đến ngày ${to}`,
  dates: 'Ngày, tháng, năm',
  columns: {
    number: 'STT',
    code: 'Mã hồ sơ',
    procedure: 'Tên thủ tục hành chính',
    sets: 'Số lượng hồ sơ (bộ)',
    applicant: 'Tên cá nhân, tổ chức',
    contact: 'Địa chỉ, số điện thoại',
    agency: 'Cơ quan chủ trì giải quyết',
    received: 'Nhận hồ sơ',
    due: 'Hẹn trả kết quả',
    transferred: 'Chuyển hồ sơ đến cơ quan giải quyết',
    resultIn: 'Nhận kết quả từ cơ quan giải quyết',
    returned: 'Trả kết quả cho cá nhân, tổ chức',
    signature: 'Ký nhận',
    note: 'Ghi chú',
  },
  empty: 'Không có hồ sơ nào trong thời gian này.',
  total: (n: number) => `Tổng số: ${n} hồ sơ.`,
} as const;

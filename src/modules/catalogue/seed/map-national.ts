/**
 * Turns a record of the national TTHC database (as collected in shared/docs/research/catalogue.json) into
 * a catalogue entry. Codes, names, times, fees, components and legal basis are taken as published; what
 * the national record lacks (online level, step text, subjects, internal steps) is filled by the rules
 * below and listed in docs/DECISIONS.md, for the province to correct when it publishes its own list.
 */
import type { FeeLine, FeeStatus } from '../domain/fees.ts';
import type { Component, InternalStep, NewProcedure, OnlineLevel, TimeUnit } from '../domain/procedure.ts';

export interface NationalRecord {
  code: string;
  name: string;
  field: string;
  level: string | null;
  authority: string | null;
  processingTime: { value: number | null; unit: string | null; note: string | null };
  fee: { amount: number | null; unit: string | null; note: string | null };
  channels: string[];
  paperResult: { issued: boolean | null; document: string | null };
  components: string[];
  legalBasis: string[];
  source: string;
}

/** Records take effect with the two-tier local government (1 July 2025), which they all describe. */
export const SEED_EFFECTIVE_FROM = '2025-07-01';

const number = (text: string) => Number(text.replace(/\./g, ''));

function feeOf(r: NationalRecord): { status: FeeStatus; lines: FeeLine[] } {
  const { amount, unit, note } = r.fee;
  if (amount === 0) return { status: 'free', lines: [] };
  if (amount === null) return { status: /HĐND|Hội đồng nhân dân/.test(note ?? '') ? 'set_by_province' : 'not_published', lines: [] };
  const label = r.field === 'Chứng thực' ? 'Phí chứng thực' : 'Phí, lệ phí';
  const tier = /từ trang thứ (\d+) trở lên thu ([\d.]+) đồng\/trang/.exec(note ?? '');
  if (unit === 'đồng/trang' || tier) {
    const cap = /tối đa thu không quá ([\d.]+) đồng\/bản/.exec(note ?? '');
    return {
      status: 'charged',
      lines: [{
        label, amount, basis: 'per_page', unitLabel: 'đồng/trang',
        ...(tier ? { fromPage: { page: Number(tier[1]), amount: number(tier[2]!) } } : {}),
        ...(cap ? { capPerCopy: number(cap[1]!) } : {}),
      }],
    };
  }
  return { status: 'charged', lines: [{ label, amount, basis: 'per_case', unitLabel: unit ?? 'đồng' }] };
}

function componentOf(text: string): Component {
  const m = /^(.*?)\s*\((\d+) bản (chính|sao)\)\s*$/s.exec(text);
  const name = m ? m[1]! : text;
  // A few scraped counts ran into a form number ("Mẫu số 18" + "1 bản chính" → "181"): read them as one.
  const n = m ? (Number(m[2]) > 9 ? 1 : Number(m[2])) : 0;
  const optional = /^(Trường hợp|Nếu có)|\(nếu có\)|, nếu có\b|trong trường hợp/i.test(name);
  return { name, originals: m?.[3] === 'chính' ? n : 0, copies: m?.[3] === 'sao' ? n : 0, templateFile: null, required: !optional };
}

function timeUnit(unit: string | null): TimeUnit | null {
  if (unit === 'working_days' || unit === 'days') return unit;
  if (unit === 'hours') return 'working_hours';
  return null;
}

/** Provisional budgets until the province publishes its quy trình nội bộ; the legal deadline still rules. */
function internalStepsOf(r: NationalRecord, unit: TimeUnit | null): InternalStep[] {
  // The province's published chứng thực process (vn-rules.md §3.3).
  if (r.field === 'Chứng thực') return [{ name: 'Tiếp nhận hồ sơ', hours: 2 }, { name: 'Thẩm định', hours: 3 }, { name: 'Ký', hours: 2 }, { name: 'Phát hành, trả kết quả', hours: 1 }];
  const value = r.processingTime.value;
  if (value === null || unit !== 'working_days') return [];
  const total = value * 8;
  const intake = Math.max(1, Math.round(total * 0.1));
  const sign = Math.max(1, Math.round(total * 0.2));
  const issue = Math.max(1, Math.round(total * 0.1));
  return [
    { name: 'Tiếp nhận hồ sơ', hours: intake },
    { name: 'Thẩm định, xử lý', hours: Math.max(1, total - intake - sign - issue) },
    { name: 'Phê duyệt, ký', hours: sign },
    { name: 'Phát hành, trả kết quả', hours: issue },
  ];
}

function stepsOf(r: NationalRecord, agency: string, methods: string[]): string[] {
  const steps = [
    `Người yêu cầu nộp hồ sơ theo một trong các cách: ${methods.join(', ').toLowerCase()}.`,
    'Công chức tiếp nhận kiểm tra hồ sơ: hồ sơ đầy đủ, hợp lệ thì cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả; chưa đầy đủ thì hướng dẫn bổ sung, hoàn thiện một lần.',
    `${agency} xem xét, giải quyết trong thời hạn quy định.`,
    `Trả kết quả${r.paperResult.document ? ` (${r.paperResult.document})` : ''} tại nơi tiếp nhận, qua dịch vụ bưu chính hoặc trực tuyến theo yêu cầu.`,
  ];
  if (/15 giờ/.test(r.processingTime.note ?? '')) steps.splice(2, 0, 'Hồ sơ tiếp nhận sau 15 giờ thì hẹn trả kết quả trong ngày làm việc tiếp theo.');
  return steps;
}

function subjectsOf(r: NationalRecord): string {
  if (/hộ kinh doanh/i.test(r.field)) return 'Hộ kinh doanh, cá nhân thành lập hộ kinh doanh';
  if (/hợp tác xã/i.test(r.field)) return 'Tổ hợp tác, hợp tác xã, liên hiệp hợp tác xã';
  if (['Hộ tịch', 'Chứng thực', 'Nuôi con nuôi', 'Bảo trợ xã hội', 'Nghĩa vụ quân sự'].includes(r.field)) return 'Cá nhân có yêu cầu (công dân Việt Nam; người nước ngoài trong các trường hợp luật cho phép)';
  return 'Cá nhân, hộ gia đình, tổ chức có yêu cầu';
}

export function fromNationalRecord(r: NationalRecord): NewProcedure {
  const unit = timeUnit(r.processingTime.unit);
  const fee = feeOf(r);
  const agency = r.authority ?? 'Ủy ban nhân dân cấp xã';
  const methods = r.channels.length > 0 ? r.channels : ['Trực tiếp'];
  const onlineLevel: OnlineLevel = methods.includes('Trực tuyến') ? 'partial' : 'none';
  return {
    code: r.code, version: 1, status: 'published', effectiveFrom: SEED_EFFECTIVE_FROM,
    name: r.name, field: r.field, level: r.level ?? 'Cấp xã',
    agencies: [agency, 'Trung tâm Phục vụ hành chính công cấp xã (tiếp nhận, trả kết quả)'],
    legalBasis: r.legalBasis, steps: stepsOf(r, agency, methods), methods, subjects: subjectsOf(r),
    processingTime: { value: r.processingTime.value, unit, note: r.processingTime.note },
    feeStatus: fee.status, feeLines: fee.lines, feeNote: r.fee.note, feeTiming: 'at_intake',
    paperResultRequired: r.paperResult.issued === true || r.field === 'Chứng thực',
    resultDocument: r.paperResult.document, onlineLevel,
    internalSteps: internalStepsOf(r, unit), formDefinition: { sections: [] }, source: r.source,
    components: r.components.map(componentOf),
  };
}

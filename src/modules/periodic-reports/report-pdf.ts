/**
 * A commune's periodic report as an A4 PDF, drawn with the one-stop forms' layout (the NĐ 30/2020 header, Noto
 * Sans): the agency and the national motto, the report's name and period, "Kính gửi" the province, a table of the
 * fields and their answers (figures taken from the system marked with the time they were computed), who made it
 * and when, and the signer's block. Pure: data and words in, bytes out; the caller signs it. The bottom of the last
 * page is left free for the official's visible signature and the verification stamp (signatures module).
 */
import { field, formPageLabel, formatHourMinuteDay, geometry, header, Sheet, signatures } from '../one-stop-forms/index.ts';
import type { Rich } from '../one-stop-forms/index.ts';
import type { Answers, FieldDef } from './domain/fields.ts';
import { formatAnswer } from './domain/fields.ts';

export interface ReportPdfLabels {
  heading: string;
  /** "Kỳ báo cáo: {label} (từ ngày {from} đến ngày {to})". */
  period: string;
  recipient: string;
  number: string;
  field: string;
  value: string;
  note: string;
  /** "Số liệu từ hệ thống lúc {at}". */
  live: string;
  blank: string;
  /** "Lần nộp thứ {revision}, lúc {at}; người lập: {name}". */
  made: string;
  signer: string;
  signerHint: string;
}

export interface ReportPdfInput {
  agency: { parent: string | null; name: string; place: string };
  /** The province the report goes to. */
  recipient: string;
  name: string;
  periodLabel: string;
  /** Display dates, "01/11/2026". */
  periodFrom: string;
  periodTo: string;
  fields: readonly FieldDef[];
  answers: Answers;
  /** Which fields were filled from live figures, and when those were computed. */
  live: ReadonlySet<string>;
  liveAt: Date | null;
  submittedAt: Date;
  submitter: string;
  revision: number;
  labels: ReportPdfLabels;
}

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (whole, k: string) => (k in values ? String(values[k]) : whole));
const upper = (s: string) => s.normalize('NFC').toLocaleUpperCase('vi');

/** Room kept free above the bottom margin of the last page: the official's signature box and the QR stamp. */
const SIGNATURE_ROOM = 110;

export async function renderReportPdf(input: ReportPdfInput): Promise<Uint8Array> {
  const l = input.labels;
  const sheet = await Sheet.create(geometry('A4'), {
    title: `${input.name} — ${input.periodLabel}`,
    subject: `${input.agency.name} — ${input.periodLabel}`,
    author: input.agency.name,
    createdAt: input.submittedAt,
    pageLabel: formPageLabel,
  });
  sheet.continuation = `${input.name} — ${input.periodLabel} — ${input.agency.name}`;
  header(sheet, { agency: input.agency, date: input.submittedAt });
  sheet.gap(sheet.pt(8));
  // "BÁO CÁO" above the name, unless the name says it already ("Báo cáo công tác …").
  if (!upper(input.name).startsWith(upper(l.heading))) sheet.text(upper(l.heading), { size: sheet.pt(10.5), style: 'bold', align: 'center' });
  sheet.text(upper(input.name), { size: sheet.pt(10), style: 'bold', align: 'center', balanced: true, after: sheet.pt(2) });
  sheet.text(fill(l.period, { label: input.periodLabel, from: input.periodFrom, to: input.periodTo }), { size: sheet.pt(8.5), style: 'italic', align: 'center', after: sheet.pt(6) });
  sheet.text(field(l.recipient, input.recipient), { size: sheet.pt(9), align: 'center', after: sheet.pt(6) });

  const liveNote = input.liveAt ? fill(l.live, { at: formatHourMinuteDay(input.liveAt) }) : '';
  const rows: Rich[][] = input.fields.map((f, i) => {
    const shown = formatAnswer(f.kind, input.answers[f.key]);
    return [String(i + 1), f.label, shown === '' ? l.blank : [{ text: shown, style: 'bold' }], input.live.has(f.key) ? liveNote : ''];
  });
  sheet.table(
    [
      { header: l.number, weight: 7, align: 'center' },
      { header: l.field, weight: 45 },
      { header: l.value, weight: 22, align: 'right' },
      { header: l.note, weight: 26 },
    ],
    rows,
    { size: sheet.pt(8) },
  );
  sheet.gap(sheet.pt(4));
  sheet.text(fill(l.made, { revision: input.revision, at: formatHourMinuteDay(input.submittedAt), name: input.submitter }), { size: sheet.pt(8), style: 'italic' });
  sheet.ensure(SIGNATURE_ROOM * sheet.geo.scale + sheet.pt(80));
  signatures(sheet, null, { heading: [l.signer], hint: l.signerHint, name: input.submitter });
  return sheet.save();
}

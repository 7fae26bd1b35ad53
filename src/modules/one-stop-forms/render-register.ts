/** Mẫu 07: Sổ theo dõi hồ sơ: the records of a period in one table, across as many pages as it takes. */
import { AppError } from '../../platform/errors.ts';
import { formatClock, formatDate } from './domain/format.ts';
import { PAGE, REGISTER } from './domain/texts.ts';
import type { RegisterInput } from './domain/types.ts';
import { Check, checkAgency, LIMITS } from './domain/validate.ts';
import { header, title } from './pdf/parts.ts';
import { geometry, Sheet, type TableColumn } from '../../platform/pdf/sheet.ts';
import type { Rich } from '../../platform/pdf/text.ts';

function check(input: RegisterInput): void {
  const c = new Check();
  checkAgency(c, input.agency);
  c.date(input.issuedAt, 'issuedAt');
  c.date(input.from, 'from');
  c.date(input.to, 'to');
  if (input.from.getTime() > input.to.getTime()) throw new AppError('one_stop_forms.error.period', 422);
  c.text(input.book, 'book');
  c.list(input.entries, 'entries', LIMITS.entries);
  input.entries.forEach((e, i) => {
    const at = `entries.${i}`;
    c.required(e?.code, `${at}.code`);
    c.required(e.procedureName, `${at}.procedureName`);
    c.count(e.sets, `${at}.sets`);
    c.required(e.applicantName, `${at}.applicantName`);
    for (const k of ['address', 'phone', 'handlingAgency', 'note'] as const) c.text(e[k], `${at}.${k}`);
    c.date(e.receivedAt, `${at}.receivedAt`);
    for (const k of ['dueAt', 'transferredAt', 'resultReceivedAt', 'returnedAt'] as const) c.date(e[k], `${at}.${k}`, true);
  });
}

/** "27/10/2026" over "09:32". */
const when = (at: Date | null | undefined): string => (at ? `${formatDate(at)}\n${formatClock(at)}` : '');

export async function renderRegister(input: RegisterInput): Promise<Uint8Array> {
  check(input);
  const sheet = await Sheet.create(geometry(input.pageSize ?? 'A4', input.landscape ?? true), {
    title: `${REGISTER.title} ${formatDate(input.from)}–${formatDate(input.to)}`,
    subject: REGISTER.period(formatDate(input.from), formatDate(input.to)),
    author: input.agency.name,
    createdAt: input.issuedAt,
    pageLabel: PAGE,
  });
  // The register's type is set for A4 across (714 pt of text width, where a date and a 21-character record
  // code fit their columns); other sizes scale with the width.
  const k = Math.min(1.15, sheet.width / 714);
  const size = 7.2 * k;

  header(sheet, { agency: input.agency, date: input.issuedAt });
  title(sheet, REGISTER.title);
  const sub = [input.book?.trim() ? `${REGISTER.book} ${input.book.trim()}` : '', REGISTER.period(formatDate(input.from), formatDate(input.to))].filter(Boolean).join(' – ');
  sheet.text(sub, { size: 8.5 * k, style: 'italic', align: 'center', after: 6 * k });

  const c = REGISTER.columns;
  const columns: TableColumn[] = [
    { header: c.number, weight: 20, align: 'center' },
    { header: c.code, weight: 92 },
    { header: c.procedure, weight: 114 },
    { header: c.sets, weight: 32, align: 'center' },
    { header: c.applicant, weight: 56 },
    { header: c.contact, weight: 70 },
    { header: c.agency, weight: 54 },
    { header: c.received, weight: 47, align: 'center', group: REGISTER.dates },
    { header: c.due, weight: 47, align: 'center', group: REGISTER.dates },
    { header: c.transferred, weight: 47, align: 'center', group: REGISTER.dates },
    { header: c.resultIn, weight: 47, align: 'center', group: REGISTER.dates },
    { header: c.returned, weight: 47, align: 'center', group: REGISTER.dates },
    { header: c.signature, weight: 30 },
    { header: c.note, weight: 42 },
  ];
  const rows = input.entries.map((e, i): Rich[] => [
    String(i + 1),
    e.code.trim(),
    e.procedureName.trim(),
    e.sets === null || e.sets === undefined ? '' : String(e.sets),
    e.applicantName.trim(),
    [e.address?.trim(), e.phone?.trim()].filter(Boolean).join('\n'),
    e.handlingAgency?.trim() ?? '',
    when(e.receivedAt),
    when(e.dueAt),
    when(e.transferredAt),
    when(e.resultReceivedAt),
    when(e.returnedAt),
    '',
    e.note?.trim() ?? '',
  ]);
  sheet.table(columns, rows, { size, headerSize: size, numberRow: true });
  sheet.gap(4 * k);
  sheet.text(input.entries.length === 0 ? REGISTER.empty : REGISTER.total(input.entries.length), { size: 8 * k, style: 'italic' });
  return sheet.save();
}

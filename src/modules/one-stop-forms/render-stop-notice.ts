/** Mẫu 05: Thông báo dừng giải quyết hồ sơ (usually at the applicant's request). */
import { formatDate, formatHourMinuteDay } from './domain/format.ts';
import { STOP } from './domain/texts.ts';
import type { StopNoticeInput } from './domain/types.ts';
import { Check, checkLetter, checkSigner } from './domain/validate.ts';
import { field, labelled } from './pdf/parts.ts';
import { startLetter } from './pdf/letter.ts';
import { AppError } from '../../platform/errors.ts';

function check(input: StopNoticeInput): void {
  const c = new Check();
  checkLetter(c, input);
  c.required(input.recordCode, 'recordCode');
  c.date(input.receivedAt, 'receivedAt');
  c.date(input.requestedAt, 'requestedAt', true);
  c.text(input.reason, 'reason');
  c.text(input.papers, 'papers');
  // Without the applicant's request the notice must say why.
  if (!input.requestedAt && !input.reason?.trim()) throw new AppError('one_stop_forms.error.required', 422, { field: 'reason' });
  checkSigner(c, input.signer, input.recipients);
}

export async function renderStopNotice(input: StopNoticeInput): Promise<Uint8Array> {
  check(input);
  const agency = input.agency.name.trim();
  const letter = await startLetter(input, STOP.title);
  letter.paragraph(STOP.received(agency, formatHourMinuteDay(input.receivedAt), input.procedureName.trim()));
  letter.paragraph(labelled(STOP.code, input.recordCode.trim()));
  if (input.requestedAt) letter.paragraph(STOP.request(formatDate(input.requestedAt)));
  letter.paragraph(STOP.decision(agency));
  if (input.reason?.trim()) letter.paragraph(field(STOP.reason, input.reason));
  if (input.papers?.trim()) letter.paragraph(field(STOP.papers, input.papers));
  letter.paragraph(STOP.closing);
  return letter.finish(input.signer, input.recipients);
}

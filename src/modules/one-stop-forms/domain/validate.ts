/**
 * Checks on a form's data before anything is drawn: what a printed form cannot do without, and limits that
 * keep one rendering bounded. A failure is an AppError naming the field by its path ("applicant.name").
 */
import { AppError } from '../../../platform/errors.ts';
import type { Applicant, ComponentLine, FormAgency, RecordLetterBase, Signer } from './types.ts';

export const LIMITS = {
  /** Characters in any one text field. */
  text: 4000,
  /** Components on a receipt or a supplement request, reasons, hand-overs, recipients. */
  lines: 500,
  /** Records in one register print. */
  entries: 20_000,
  /** Sets and copies. */
  count: 9999,
  /** Đồng in one fee. */
  money: 1_000_000_000_000,
} as const;

export class Check {
  required(value: string | null | undefined, field: string): void {
    if (typeof value !== 'string' || value.trim() === '') throw new AppError('one_stop_forms.error.required', 422, { field });
    this.text(value, field);
  }

  text(value: string | null | undefined, field: string): void {
    if (value === null || value === undefined) return;
    if (typeof value !== 'string') throw new AppError('one_stop_forms.error.required', 422, { field });
    if (value.length > LIMITS.text) throw new AppError('one_stop_forms.error.too_long', 422, { field, max: LIMITS.text });
  }

  date(value: Date | null | undefined, field: string, optional = false): void {
    if ((value === null || value === undefined) && optional) return;
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new AppError('one_stop_forms.error.date', 422, { field });
  }

  count(value: number | null | undefined, field: string, optional = true): void {
    if ((value === null || value === undefined) && optional) return;
    if (!Number.isSafeInteger(value) || value! < 0 || value! > LIMITS.count) throw new AppError('one_stop_forms.error.count', 422, { field, max: LIMITS.count });
  }

  money(value: number | null | undefined, field: string): void {
    if (!Number.isSafeInteger(value) || value! < 0 || value! > LIMITS.money) throw new AppError('one_stop_forms.error.count', 422, { field, max: LIMITS.money });
  }

  list(value: readonly unknown[] | null | undefined, field: string, max: number = LIMITS.lines, minimum = 0): void {
    if (!Array.isArray(value) || value.length < minimum) throw new AppError('one_stop_forms.error.list_empty', 422, { field });
    if (value.length > max) throw new AppError('one_stop_forms.error.too_many', 422, { field, max });
  }

  url(value: string | null | undefined, field: string): void {
    this.required(value, field);
    let url: URL;
    try {
      url = new URL(value!);
    } catch {
      throw new AppError('one_stop_forms.error.public_url', 422, { field });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppError('one_stop_forms.error.public_url', 422, { field });
  }
}

/** `<publicUrl>/tra-cuu?code=<code>`: where the QR code on the receipt and the control slip leads. */
export function trackingUrl(publicUrl: string, code: string): string {
  // Relative to the site's address with a trailing slash, so a path prefix is kept (https://host/dvc → /dvc/tra-cuu).
  const url = new URL('tra-cuu', `${publicUrl.trim().replace(/\/+$/, '')}/`);
  url.searchParams.set('code', code.trim());
  return url.href;
}

export function checkAgency(c: Check, agency: FormAgency | undefined): void {
  c.required(agency?.name, 'agency.name');
  c.required(agency!.place, 'agency.place');
  c.text(agency!.parent, 'agency.parent');
}

export function checkApplicant(c: Check, applicant: Applicant | undefined): void {
  c.required(applicant?.name, 'applicant.name');
  for (const k of ['idNumber', 'address', 'phone', 'email'] as const) c.text(applicant![k], `applicant.${k}`);
}

/** What Mẫu 02–05 share. */
export function checkLetter(c: Check, input: RecordLetterBase): void {
  checkAgency(c, input.agency);
  c.text(input.documentNumber, 'documentNumber');
  c.date(input.issuedAt, 'issuedAt');
  checkApplicant(c, input.applicant);
  c.required(input.procedureName, 'procedureName');
  c.text(input.recordCode, 'recordCode');
}

export function checkSigner(c: Check, signer: Signer | undefined, recipients: string[] | undefined): void {
  c.required(signer?.title, 'signer.title');
  c.text(signer!.name, 'signer.name');
  if (signer!.capacity !== undefined) {
    c.list(signer!.capacity, 'signer.capacity', 5);
    signer!.capacity.forEach((line, i) => c.required(line, `signer.capacity.${i}`));
  }
  if (recipients !== undefined) {
    c.list(recipients, 'recipients', 50);
    recipients.forEach((line, i) => c.required(line, `recipients.${i}`));
  }
}

/** Papers handed in or asked for: each named, counts whole numbers. */
export function checkComponents(c: Check, list: ComponentLine[], field: string): void {
  c.list(list, field);
  list.forEach((line, i) => {
    c.required(line?.name, `${field}.${i}.name`);
    c.count(line.originals, `${field}.${i}.originals`);
    c.count(line.copies, `${field}.${i}.copies`);
  });
}

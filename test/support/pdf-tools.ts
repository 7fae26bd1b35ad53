/** Independent readers of the PDFs the platform makes: poppler's pdftotext and pdfsig (with NSS's certutil). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The text of a PDF as poppler reads it. */
export function pdfText(bytes: Uint8Array): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sc-pdf-')), 'doc.pdf');
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** pdfsig's report on a PDF, with an NSS database that trusts `rootDer` only. */
export function pdfsigReport(pdf: Uint8Array, rootDer: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-pdfsig-'));
  fs.writeFileSync(path.join(dir, 'root.der'), rootDer);
  fs.writeFileSync(path.join(dir, 'doc.pdf'), pdf);
  execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  execFileSync('certutil', ['-A', '-d', `sql:${dir}`, '-n', 'root', '-t', 'CT,C,C', '-i', path.join(dir, 'root.der')]);
  try {
    return execFileSync('pdfsig', ['-nssdir', `sql:${dir}`, '-no-ocsp', path.join(dir, 'doc.pdf')], { encoding: 'utf8' });
  } catch (error) {
    // pdfsig exits non-zero for an invalid signature; its report is still what the test reads.
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

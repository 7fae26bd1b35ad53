/**
 * What an uploaded file really is, from its bytes: PDF, JPEG or PNG, whole (not cut short) and without
 * the PDF features that run something when an official opens it. The name and type the browser sent are
 * never trusted.
 */

export type FileKind = 'application/pdf' | 'image/jpeg' | 'image/png';
export type FileProblem = 'unknown_type' | 'truncated' | 'active_content' | 'empty';

const ascii = (bytes: Uint8Array, start: number, end: number) => Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.length) - start)).toString('latin1');
const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
/** PDF names that launch actions, run scripts or carry other files. */
const PDF_ACTIVE = /\/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA|OpenAction\s*<<[^>]*\/S\s*\/JavaScript)\b/;

function pdfProblem(bytes: Uint8Array): FileProblem | null {
  const tail = ascii(bytes, Math.max(0, bytes.length - 1024), bytes.length);
  if (!tail.includes('%%EOF')) return 'truncated';
  if (PDF_ACTIVE.test(ascii(bytes, 0, bytes.length))) return 'active_content';
  return null;
}

function pngProblem(bytes: Uint8Array): FileProblem | null {
  // IHDR first, IEND last (12 bytes: length 0, type, CRC).
  if (bytes.length < 57 || ascii(bytes, 12, 16) !== 'IHDR') return 'unknown_type';
  return ascii(bytes, bytes.length - 8, bytes.length - 4) === 'IEND' ? null : 'truncated';
}

function jpegProblem(bytes: Uint8Array): FileProblem | null {
  // End of image marker, allowing the padding some cameras and scanners write after it.
  const from = Math.max(2, bytes.length - 1024);
  for (let i = bytes.length - 2; i >= from; i--) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return null;
  return 'truncated';
}

export function detectFileKind(bytes: Uint8Array): { kind: FileKind } | { problem: FileProblem } {
  if (bytes.length === 0) return { problem: 'empty' };
  if (ascii(bytes, 0, 5) === '%PDF-' && /^%PDF-[12]\.\d/.test(ascii(bytes, 0, 8))) {
    const problem = pdfProblem(bytes);
    return problem ? { problem } : { kind: 'application/pdf' };
  }
  if (startsWith(bytes, PNG_SIGNATURE)) {
    const problem = pngProblem(bytes);
    return problem ? { problem } : { kind: 'image/png' };
  }
  if (startsWith(bytes, JPEG_SIGNATURE)) {
    const problem = jpegProblem(bytes);
    return problem ? { problem } : { kind: 'image/jpeg' };
  }
  return { problem: 'unknown_type' };
}

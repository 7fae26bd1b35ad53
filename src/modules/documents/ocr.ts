/**
 * The text of a stored file, with Debian's tools run as child processes (never a shell: execFile with arguments,
 * a time limit and an output limit on every one, files in a private temporary directory removed afterwards):
 *   - a PDF's text layer: `pdftotext` (poppler-utils);
 *   - a scan (JPEG, PNG, or a PDF without text): OCR in Vietnamese with `tesseract … -l vie` (packages tesseract-ocr
 *     and tesseract-ocr-vie), a PDF's pages first rasterised with `pdftoppm -r 300`; tesseract reads the list of page
 *     images and writes the text and one PDF of all pages with an invisible text layer over each image, which the
 *     document keeps as its searchable scan.
 * When a tool is missing, `ocrTools()` says so and nothing is attempted (files stay unextracted; the search page
 * says OCR is unavailable).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface OcrTools {
  /** pdftotext is on PATH. */
  pdfText: boolean;
  /** pdftoppm, tesseract and its Vietnamese data are there. */
  ocr: boolean;
}

export interface ExtractLimits {
  /** Files larger than this are not read (bytes). */
  maxBytes: number;
  /** Pages of a PDF rasterised for OCR at most (the rest are not read). */
  maxPages: number;
  /** Time limit of pdftotext and of pdftoppm (ms). */
  toolTimeoutMs: number;
  /** Time limit of tesseract per page (ms). */
  ocrPageTimeoutMs: number;
}

export const EXTRACT_LIMITS: ExtractLimits = { maxBytes: 50 * 1024 * 1024, maxPages: 30, toolTimeoutMs: 60_000, ocrPageTimeoutMs: 90_000 };
/** A PDF with fewer letters or digits than this per page is taken for a scan. */
const TEXT_PER_PAGE = 20;
const MAX_OUTPUT = 20 * 1024 * 1024;

function run(command: string, args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs, maxBuffer: MAX_OUTPUT, encoding: 'utf8', killSignal: 'SIGKILL', env: { ...process.env, OMP_THREAD_LIMIT: '1' } }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stderr: String(stderr).slice(0, 2000) }));
      else resolve(stdout);
    });
  });
}

let tools: Promise<OcrTools> | undefined;

/** Which tools answer (asked once per process; `refresh` asks again, e.g. after installing them). */
export function ocrTools(refresh = false): Promise<OcrTools> {
  if (!tools || refresh) {
    tools = (async () => {
      const answers = async (command: string, args: string[]) => run(command, args, 10_000).then(() => true, (e: { code?: unknown }) => typeof e.code === 'number');
      // `-v` exits 0 (pdftotext, pdftoppm print their version on stderr); a missing command fails with ENOENT.
      const [pdfText, pdfToPpm] = await Promise.all([answers('pdftotext', ['-v']), answers('pdftoppm', ['-v'])]);
      const langs = await run('tesseract', ['--list-langs'], 10_000).catch(() => '');
      return { pdfText, ocr: pdfToPpm && /^vie$/m.test(langs) };
    })();
  }
  return tools;
}

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sc-ocr-'));
  try {
    return await work(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export interface Extracted {
  /** The text (NFC); '' when none was found. */
  text: string;
  /** How: the PDF's own text layer, or OCR. */
  method: 'pdf_text' | 'ocr';
  /** OCR only: the scan as a PDF with a text layer. */
  searchablePdf: Uint8Array | null;
}

const letters = (text: string) => (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
const clean = (text: string) => text.normalize('NFC').replace(/\f/g, '\n').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();

/** tesseract on page images (a list file when several), writing `out.txt` and `out.pdf`. */
async function ocrImages(dir: string, images: readonly string[], limits: ExtractLimits): Promise<Extracted> {
  let input = images[0]!;
  if (images.length > 1) {
    input = path.join(dir, 'pages.txt');
    await fs.writeFile(input, images.join('\n') + '\n');
  }
  const out = path.join(dir, 'out');
  await run('tesseract', [input, out, '-l', 'vie', '--psm', '3', 'txt', 'pdf'], limits.ocrPageTimeoutMs * images.length);
  const [text, pdf] = await Promise.all([fs.readFile(`${out}.txt`, 'utf8'), fs.readFile(`${out}.pdf`)]);
  return { text: clean(text), method: 'ocr', searchablePdf: new Uint8Array(pdf) };
}

/**
 * The text of a file: a PDF's text layer when it has one, otherwise (and for JPEG and PNG) OCR. Throws when a tool
 * fails or runs out of time; returns null when the tools it would need are missing (a scanned PDF without OCR) or
 * the file is not readable this way (another type, too large).
 */
export async function extractText(data: Uint8Array, contentType: string, limits: ExtractLimits = EXTRACT_LIMITS): Promise<Extracted | null> {
  if (data.byteLength > limits.maxBytes) return null;
  const available = await ocrTools();
  if (contentType === 'application/pdf') {
    if (!available.pdfText) return null;
    return inTempDir(async (dir) => {
      const file = path.join(dir, 'in.pdf');
      await fs.writeFile(file, data);
      const raw = await run('pdftotext', ['-enc', 'UTF-8', '-eol', 'unix', file, '-'], limits.toolTimeoutMs);
      // pdftotext ends every page with a form feed.
      const pages = Math.max(1, raw.split('\f').length - 1);
      const text = clean(raw);
      if (letters(text) >= TEXT_PER_PAGE * pages) return { text, method: 'pdf_text', searchablePdf: null };
      // A scan: it waits for OCR to be installed.
      if (!available.ocr) return null;
      await run('pdftoppm', ['-r', '300', '-gray', '-png', '-l', String(limits.maxPages), file, path.join(dir, 'page')], limits.toolTimeoutMs * 2);
      const images = (await fs.readdir(dir)).filter((f) => /^page-\d+\.png$/.test(f)).sort().map((f) => path.join(dir, f));
      if (images.length === 0) return { text, method: 'pdf_text', searchablePdf: null };
      return ocrImages(dir, images, limits);
    });
  }
  if (contentType === 'image/jpeg' || contentType === 'image/png') {
    if (!available.ocr) return null;
    return inTempDir(async (dir) => {
      const file = path.join(dir, contentType === 'image/png' ? 'in.png' : 'in.jpg');
      await fs.writeFile(file, data);
      return ocrImages(dir, [file], limits);
    });
  }
  return null;
}

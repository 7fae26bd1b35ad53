/**
 * Files of an incoming registration, checked from their bytes as records checks uploads: what they really are
 * (PDF, JPEG, PNG: never the browser's word), whole, without active content, and clean by the virus scanner.
 * Scanned paper: one or several PDF/JPEG/PNG files; an electronic document: one PDF.
 */
import { detectFileKind } from '../../platform/files/file-kind.ts';
import type { FileKind as ContentKind } from '../../platform/files/file-kind.ts';
import type { FileScanner } from '../../platform/files/virus-scan.ts';
import type { ClerkChannel } from './domain/incoming-rules.ts';

/** One file at most this large, and all of one registration together. */
export const MAX_INCOMING_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_INCOMING_FILES = 20;

export interface Upload { filename: string; data: Uint8Array; truncated: boolean }
export interface CheckedFile { fileName: string; contentType: ContentKind; data: Uint8Array }

/** The problem codes are the last part of `documents.incoming.error.<code>`. */
export type FilesProblem = 'files_required' | 'file_too_large' | 'file_unknown_type' | 'file_truncated' | 'file_active_content' | 'file_empty' | 'file_infected' | 'file_scan_unavailable' | 'electronic_one_pdf' | 'too_many_files';

const EXTENSION: Record<ContentKind, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/** The browser's name made safe to show and send back: last segment, no control or shell characters, ≤ 80 characters, the detected type's extension. */
export function safeFileName(raw: string, kind: ContentKind): string {
  const base = (raw.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/["'`<>|:*?;%$&{}[\]\\^~#=]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.-]+|[\s.]+$/g, '');
  const clipped = [...base].slice(0, 80).join('').trim();
  return `${clipped || 'van-ban'}.${EXTENSION[kind]}`;
}

export async function checkIncomingFiles(scanner: FileScanner, channel: ClerkChannel, uploads: readonly Upload[]): Promise<{ ok: true; files: CheckedFile[] } | { ok: false; problem: FilesProblem }> {
  const sent = uploads.filter((u) => u.data.length > 0 || u.truncated || u.filename !== '');
  if (sent.length === 0) return { ok: false, problem: 'files_required' };
  if (sent.length > MAX_INCOMING_FILES) return { ok: false, problem: 'too_many_files' };
  if (channel === 'electronic' && sent.length !== 1) return { ok: false, problem: 'electronic_one_pdf' };
  let total = 0;
  const files: CheckedFile[] = [];
  for (const u of sent) {
    total += u.data.length;
    if (u.truncated || u.data.length > MAX_INCOMING_FILE_BYTES || total > MAX_INCOMING_FILE_BYTES) return { ok: false, problem: 'file_too_large' };
    const detected = detectFileKind(u.data);
    if ('problem' in detected) return { ok: false, problem: `file_${detected.problem}` };
    if (channel === 'electronic' && detected.kind !== 'application/pdf') return { ok: false, problem: 'electronic_one_pdf' };
    const verdict = await scanner(u.data);
    if (verdict === 'infected') return { ok: false, problem: 'file_infected' };
    if (verdict === 'unavailable') return { ok: false, problem: 'file_scan_unavailable' };
    files.push({ fileName: safeFileName(u.filename, detected.kind), contentType: detected.kind, data: u.data });
  }
  return { ok: true, files };
}

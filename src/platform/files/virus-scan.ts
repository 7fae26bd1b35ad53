/**
 * The virus-scanner hook: every uploaded file passes through it before it is stored. Without a scanner
 * configured, files are stored unscanned (the byte checks of file-kind.ts still apply). With
 * `VIRUS_SCAN_COMMAND` set, the command gets the file on standard input and answers by its exit status,
 * as `clamdscan --no-summary -` and `clamscan --no-summary -` do: 0 clean, 1 infected, anything else an error.
 */
import { spawn } from 'node:child_process';

export type ScanVerdict = 'clean' | 'infected' | 'unavailable' | 'not_scanned';
export type FileScanner = (data: Uint8Array) => Promise<ScanVerdict>;

export const noScanner: FileScanner = async () => 'not_scanned';

export function commandScanner(command: string, timeoutMs = 30_000): FileScanner {
  return (data) =>
    new Promise((resolve) => {
      const child = spawn('/bin/sh', ['-c', command], { stdio: ['pipe', 'ignore', 'ignore'], timeout: timeoutMs });
      child.on('error', () => resolve('unavailable'));
      child.on('close', (code) => resolve(code === 0 ? 'clean' : code === 1 ? 'infected' : 'unavailable'));
      // A scanner that stops reading early (it found something) closes the pipe: not our error.
      child.stdin.on('error', () => undefined);
      child.stdin.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    });
}

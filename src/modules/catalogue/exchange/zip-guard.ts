/**
 * A look at a ZIP archive (an .xlsx workbook is one) before a library unpacks it: the spreadsheet reader inflates
 * every entry in memory, so a small upload that inflates to gigabytes (a "zip bomb") must be refused first.
 *
 * Reads the central directory, refuses what a workbook never needs (encryption, ZIP64, methods other than
 * stored and deflate, too many entries, too much once unpacked), then inflates each entry with a cap at the
 * size it declares, so an entry that lies about its size is caught too.
 */
import zlib from 'node:zlib';

export interface ZipLimits {
  maxEntries: number;
  /** All entries together, unpacked. */
  maxTotalBytes: number;
}

export type ZipVerdict = { ok: true; names: string[] } | { ok: false; reason: 'not_zip' | 'too_big' };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export const looksLikeZip = (data: Uint8Array) => data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;

export function inspectZip(data: Buffer, limits: ZipLimits): ZipVerdict {
  if (!looksLikeZip(data) || data.length < 22) return { ok: false, reason: 'not_zip' };
  // The end-of-central-directory record sits in the last 22 bytes plus an optional comment of up to 64 KB.
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
    if (data.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'not_zip' };
  const entries = data.readUInt16LE(eocd + 10);
  const cdSize = data.readUInt32LE(eocd + 12);
  const cdOffset = data.readUInt32LE(eocd + 16);
  // ZIP64 (0xffff entries or 0xffffffff offsets) and multi-disk archives are not workbooks we wrote or Excel writes at this size.
  if (entries === 0xffff || cdOffset === 0xffffffff || data.readUInt16LE(eocd + 4) !== 0 || cdOffset + cdSize > eocd) return { ok: false, reason: 'not_zip' };
  if (entries > limits.maxEntries) return { ok: false, reason: 'too_big' };

  const names: string[] = [];
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > eocd || data.readUInt32LE(p) !== CENTRAL) return { ok: false, reason: 'not_zip' };
    const flags = data.readUInt16LE(p + 8);
    const method = data.readUInt16LE(p + 10);
    const compressed = data.readUInt32LE(p + 20);
    const size = data.readUInt32LE(p + 24);
    const nameLength = data.readUInt16LE(p + 28);
    const extraLength = data.readUInt16LE(p + 30);
    const commentLength = data.readUInt16LE(p + 32);
    const local = data.readUInt32LE(p + 42);
    const name = data.subarray(p + 46, p + 46 + nameLength).toString('utf8');
    p += 46 + nameLength + extraLength + commentLength;
    if (flags & 0x1 || (method !== 0 && method !== 8) || compressed === 0xffffffff || size === 0xffffffff) return { ok: false, reason: 'not_zip' };
    total += size;
    if (total > limits.maxTotalBytes) return { ok: false, reason: 'too_big' };
    // The entry's own header, then its data.
    if (local + 30 > data.length || data.readUInt32LE(local) !== LOCAL) return { ok: false, reason: 'not_zip' };
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28);
    if (start + compressed > data.length) return { ok: false, reason: 'not_zip' };
    const body = data.subarray(start, start + compressed);
    if (method === 0) {
      if (compressed !== size) return { ok: false, reason: 'not_zip' };
    } else {
      try {
        // One byte over the declared size is enough to know it lies.
        const out = zlib.inflateRawSync(body, { maxOutputLength: size + 1 });
        if (out.length !== size) return { ok: false, reason: 'not_zip' };
      } catch (error) {
        return { ok: false, reason: (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too_big' : 'not_zip' };
      }
    }
    names.push(name);
  }
  return { ok: true, names };
}

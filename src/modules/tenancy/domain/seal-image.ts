import type { MessageKey } from '../../../platform/i18n/index.ts';

/** A seal image: a PNG of at most 512 KB, each side 50–2000 px. */
export const SEAL_MAX_BYTES = 512 * 1024;
export const SEAL_MIN_SIDE = 50;
export const SEAL_MAX_SIDE = 2000;

export interface PngInfo {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Bit depths each colour type allows (PNG specification, 11.2.2). */
const BIT_DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG (and zlib) compute it. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Reads a PNG's structure from its bytes, whatever name or type it was sent with: the signature, an IHDR
 * chunk first with valid fields, every chunk's CRC, at least one IDAT, a palette where the colour type needs
 * one, and IEND as the very last bytes (nothing appended, so no PNG that is also an HTML page or a ZIP).
 * Returns null for anything else. The pixels are not decoded.
 */
export function readPng(bytes: Uint8Array): PngInfo | null {
  if (bytes.length < 8 + 25 + 12 + 12) return null;
  for (let i = 0; i < SIGNATURE.length; i++) if (bytes[i] !== SIGNATURE[i]) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let info: PngInfo | null = null;
  let sawPalette = false;
  let sawData = false;
  let pos = 8;
  while (pos + 12 <= bytes.length) {
    const length = view.getUint32(pos);
    const dataStart = pos + 8;
    const dataEnd = dataStart + length;
    if (length > 0x7fffffff || dataEnd + 4 > bytes.length) return null;
    const type = String.fromCharCode(bytes[pos + 4]!, bytes[pos + 5]!, bytes[pos + 6]!, bytes[pos + 7]!);
    if (!/^[A-Za-z]{4}$/.test(type)) return null;
    if (crc32(bytes, pos + 4, dataEnd) !== view.getUint32(dataEnd)) return null;
    if (info === null) {
      if (type !== 'IHDR' || length !== 13) return null;
      info = { width: view.getUint32(dataStart), height: view.getUint32(dataStart + 4), bitDepth: bytes[dataStart + 8]!, colourType: bytes[dataStart + 9]! };
      const [compression, filter, interlace] = [bytes[dataStart + 10], bytes[dataStart + 11], bytes[dataStart + 12]];
      if (info.width === 0 || info.height === 0 || info.width > 0x7fffffff || info.height > 0x7fffffff) return null;
      if (!BIT_DEPTHS[info.colourType]?.includes(info.bitDepth) || compression !== 0 || filter !== 0 || (interlace !== 0 && interlace !== 1)) return null;
    } else if (type === 'IHDR') {
      return null;
    } else if (type === 'PLTE') {
      sawPalette = true;
    } else if (type === 'IDAT') {
      if (info.colourType === 3 && !sawPalette) return null;
      sawData = true;
    } else if (type === 'IEND') {
      return length === 0 && sawData && dataEnd + 4 === bytes.length ? info : null;
    }
    pos = dataEnd + 4;
  }
  return null;
}

/** Why bytes cannot be a seal image, or null when they can. */
export function sealImageProblem(bytes: Uint8Array): MessageKey | null {
  if (bytes.length === 0) return 'tenancy.seal_required';
  if (bytes.length > SEAL_MAX_BYTES) return 'tenancy.seal_too_large';
  const png = readPng(bytes);
  if (!png) return 'tenancy.seal_not_png';
  const fits = (side: number) => side >= SEAL_MIN_SIDE && side <= SEAL_MAX_SIDE;
  if (!fits(png.width) || !fits(png.height)) return 'tenancy.seal_bad_dimensions';
  return null;
}

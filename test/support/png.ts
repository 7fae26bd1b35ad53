/**
 * Real PNG files for tests, written by hand: signature, IHDR, IDAT (zlib), IEND, each chunk with its
 * CRC from node:zlib (an implementation independent of the one under test).
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';

export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * An RGB PNG of `width` × `height`: a red ring on white (a seal), or random noise stored without
 * compression (`noise`), which makes a valid PNG of about 3 × width × height bytes.
 */
export function makePng(width: number, height: number, options: { noise?: boolean } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const stride = 1 + width * 3;
  const raw = Buffer.alloc(stride * height);
  if (options.noise) crypto.randomFillSync(raw);
  const cx = width / 2;
  const cy = height / 2;
  const outer = Math.min(width, height) / 2 - 1;
  for (let y = 0; y < height; y++) {
    raw[y * stride] = 0; // filter: none
    if (options.noise) continue;
    for (let x = 0; x < width; x++) {
      const r = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      const ink = r <= outer && r >= outer * 0.8;
      raw.set(ink ? [0xc8, 0x10, 0x2e] : [0xff, 0xff, 0xff], y * stride + 1 + x * 3);
    }
  }
  const idat = zlib.deflateSync(raw, { level: options.noise ? 0 : 9 });
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', Buffer.alloc(0))]);
}

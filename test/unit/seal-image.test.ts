import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { crc32, readPng, sealImageProblem, SEAL_MAX_BYTES } from '../../src/modules/tenancy/domain/seal-image.ts';
import { makePng, pngChunk, PNG_SIGNATURE } from '../support/png.ts';

/** The chunks of a PNG made by the test helper: [IHDR, IDAT, IEND]. */
function chunksOf(png: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let pos = 8; pos < png.length;) {
    const end = pos + 12 + png.readUInt32BE(pos);
    out.push(png.subarray(pos, end));
    pos = end;
  }
  return out;
}

function ihdr(width: number, height: number, bitDepth = 8, colourType = 2, tail = [0, 0, 0]): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data.set([bitDepth, colourType, ...tail], 8);
  return pngChunk('IHDR', data);
}

describe('crc32', () => {
  it('agrees with zlib', () => {
    for (const text of ['', 'IEND', 'IHDR', 'Con dấu xã Mường Đăng']) {
      const bytes = Buffer.from(text);
      assert.equal(crc32(bytes), zlib.crc32(bytes) >>> 0, text);
    }
    assert.equal(crc32(Buffer.from('IEND')), 0xae426082);
  });
});

describe('reading a PNG from its bytes', () => {
  it('reads a real PNG’s size and format', () => {
    assert.deepEqual(readPng(makePng(120, 80)), { width: 120, height: 80, bitDepth: 8, colourType: 2 });
    assert.equal(sealImageProblem(makePng(120, 80)), null);
  });

  it('refuses files that are not PNG, whatever they are called', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, ...new Array(100).fill(0)]);
    const htmlPage = Buffer.from(`<html><script>alert(1)</script>${' '.repeat(100)}</html>`);
    const gif = Buffer.from(`GIF89a${'\u0000'.repeat(100)}`);
    for (const bytes of [jpeg, htmlPage, gif, Buffer.alloc(0), PNG_SIGNATURE]) {
      assert.equal(readPng(bytes), null);
      assert.notEqual(sealImageProblem(bytes), null);
    }
    assert.equal(sealImageProblem(htmlPage), 'tenancy.seal_not_png');
    assert.equal(sealImageProblem(Buffer.alloc(0)), 'tenancy.seal_required');
  });

  it('refuses a damaged or doctored PNG', () => {
    const good = makePng(64, 64);
    const [head, data, end] = chunksOf(good);
    const flipped = Buffer.from(good);
    flipped[good.length - 20]! ^= 0x01; // a bit of the image data: the IDAT CRC no longer matches
    const cases: Record<string, Buffer> = {
      'truncated': good.subarray(0, good.length - 5),
      'a flipped bit': flipped,
      'HTML appended after IEND': Buffer.concat([good, Buffer.from('<script>alert(1)</script>')]),
      'no IEND': Buffer.concat([PNG_SIGNATURE, head!, data!]),
      'no IDAT': Buffer.concat([PNG_SIGNATURE, head!, end!, end!]).subarray(0, 8 + head!.length + end!.length),
      'IDAT before IHDR': Buffer.concat([PNG_SIGNATURE, data!, head!, end!]),
      'two IHDR': Buffer.concat([PNG_SIGNATURE, head!, head!, data!, end!]),
      'zero width': Buffer.concat([PNG_SIGNATURE, ihdr(0, 64), data!, end!]),
      'bit depth 3': Buffer.concat([PNG_SIGNATURE, ihdr(64, 64, 3), data!, end!]),
      'unknown colour type 5': Buffer.concat([PNG_SIGNATURE, ihdr(64, 64, 8, 5), data!, end!]),
      'interlace method 2': Buffer.concat([PNG_SIGNATURE, ihdr(64, 64, 8, 2, [0, 0, 2]), data!, end!]),
      'palette image without a palette': Buffer.concat([PNG_SIGNATURE, ihdr(64, 64, 8, 3), data!, end!]),
      'a chunk longer than the file': Buffer.concat([PNG_SIGNATURE, head!, Buffer.from([0x7f, 0xff, 0xff, 0xff]), data!.subarray(4), end!]),
    };
    assert.ok(readPng(Buffer.concat([PNG_SIGNATURE, head!, data!, end!])), 'the pieces themselves make a PNG');
    for (const [name, bytes] of Object.entries(cases)) assert.equal(readPng(bytes), null, name);
  });

  it('accepts a palette image that has its palette', () => {
    const raw = Buffer.alloc(64 * 65); // 64 rows of filter byte + 64 palette indexes, all zero
    const png = Buffer.concat([PNG_SIGNATURE, ihdr(64, 64, 8, 3), pngChunk('PLTE', Buffer.from([200, 16, 46])), pngChunk('IDAT', zlib.deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
    assert.deepEqual(readPng(png), { width: 64, height: 64, bitDepth: 8, colourType: 3 });
  });
});

describe('what makes a seal image', () => {
  it('each side 50–2000 px', () => {
    assert.equal(sealImageProblem(makePng(50, 50)), null);
    assert.equal(sealImageProblem(makePng(49, 200)), 'tenancy.seal_bad_dimensions');
    assert.equal(sealImageProblem(makePng(200, 49)), 'tenancy.seal_bad_dimensions');
    assert.equal(sealImageProblem(makePng(2001, 60)), 'tenancy.seal_bad_dimensions');
    assert.equal(sealImageProblem(makePng(2000, 60)), null);
  });

  it('at most 512 KB', () => {
    const big = makePng(400, 450, { noise: true });
    assert.ok(big.length > SEAL_MAX_BYTES, `${big.length} bytes`);
    assert.ok(readPng(big), 'a valid PNG');
    assert.equal(sealImageProblem(big), 'tenancy.seal_too_large');
  });
});

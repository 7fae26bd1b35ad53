/**
 * Demo images drawn in code (no image files in the repository): a red seal (two rings and a star, transparent
 * background, 35 mm across at its stated resolution) and a blue handwritten-looking signature stroke. Real
 * units and officials upload their own.
 */
import zlib from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** An RGBA PNG from a coverage function (0..1 per pixel) in one colour, with its physical size in pixels per metre. */
function rgbaPng(width: number, height: number, rgb: [number, number, number], coverage: (x: number, y: number) => number, pixelsPerMetre: number): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const stride = 1 + width * 4;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * stride + 1 + x * 4;
      raw.set([...rgb, Math.round(255 * Math.max(0, Math.min(1, coverage(x + 0.5, y + 0.5))))], at);
    }
  }
  const phys = Buffer.alloc(9);
  phys.writeUInt32BE(pixelsPerMetre, 0);
  phys.writeUInt32BE(pixelsPerMetre, 4);
  phys[8] = 1; // unit: metre
  return new Uint8Array(Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('pHYs', phys), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]));
}

/** Anti-aliased "inside a band of half-width w around distance d". */
const band = (distance: number, halfWidth: number) => Math.max(0, Math.min(1, halfWidth + 0.5 - Math.abs(distance)));

/** A five-pointed star's inside test (even–odd over its outline). */
function inStar(x: number, y: number, cx: number, cy: number, outer: number): boolean {
  const points = Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 === 0 ? outer : outer * 0.4;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)] as const;
  });
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i]!;
    const [xj, yj] = points[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The seal: 240 px across, 35 mm at its stated resolution (≈ 6857 px/m). */
export function demoSealPng(): Uint8Array {
  const size = 240;
  const c = size / 2;
  return rgbaPng(size, size, [200, 16, 46], (x, y) => {
    const r = Math.hypot(x - c, y - c);
    return Math.max(band(r - 112, 4), band(r - 92, 2), inStar(x, y, c, c, 40) ? 1 : 0);
  }, Math.round(size / 0.035));
}

/** A signature stroke: a looping curve in blue ink, 360 × 120 px, drawn by stamping small discs along it. */
export function demoSignaturePng(): Uint8Array {
  const width = 360;
  const height = 120;
  const ink = new Float32Array(width * height);
  for (let t = 0; t <= 1; t += 0.001) {
    const sx = 30 + 300 * t;
    const sy = 60 + 28 * Math.sin(t * Math.PI * 5) * (1 - t * 0.5) + 14 * Math.cos(t * Math.PI * 13);
    for (let y = Math.floor(sy - 3); y <= Math.ceil(sy + 3); y++) {
      for (let x = Math.floor(sx - 3); x <= Math.ceil(sx + 3); x++) {
        const cover = band(Math.hypot(x + 0.5 - sx, y + 0.5 - sy), 1.6);
        if (cover > ink[y * width + x]!) ink[y * width + x] = cover;
      }
    }
  }
  return rgbaPng(width, height, [20, 40, 160], (x, y) => ink[Math.floor(y) * width + Math.floor(x)]!, 5906);
}

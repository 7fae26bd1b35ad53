/**
 * A PNG's physical width from its pHYs chunk (pixels per metre), so that a seal can be drawn at actual size
 * as Decree 30/2020 asks. Scanners and image editors write pHYs; when it is missing or has no unit we cannot
 * know the size and the caller falls back to a stated one.
 */

/** Width in PDF points (1/72 inch), or undefined when the PNG states no physical resolution. */
export function pngPhysicalWidthPt(png: Uint8Array): number | undefined {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (png.length < 24) return undefined;
  const width = view.getUint32(16);
  for (let pos = 8; pos + 12 <= png.length;) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...png.subarray(pos + 4, pos + 8));
    if (type === 'pHYs' && length === 9 && pos + 17 <= png.length) {
      const perMetre = view.getUint32(pos + 8);
      const unitIsMetre = png[pos + 16] === 1;
      return unitIsMetre && perMetre > 0 ? (width / perMetre) * (72 / 0.0254) : undefined;
    }
    if (type === 'IDAT' || type === 'IEND') return undefined; // pHYs must come before the image data
    pos += 12 + length;
  }
  return undefined;
}

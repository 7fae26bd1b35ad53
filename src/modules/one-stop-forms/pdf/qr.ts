/**
 * A QR code drawn as vector squares (one filled path of horizontal runs): sharp at any print resolution,
 * a few hundred bytes in the PDF. Made with the `qrcode` package, error correction M.
 */
import QRCode from 'qrcode';
import { rgb, type PDFPage } from 'pdf-lib';

/** Modules of light margin the QR specification asks around the symbol. */
export const QUIET_ZONE = 4;

/** The symbol's modules, row by row (true = dark). */
export function qrModules(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const rows: boolean[][] = [];
  for (let r = 0; r < modules.size; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < modules.size; c++) row.push(modules.get(r, c) === 1);
    rows.push(row);
  }
  return rows;
}

/**
 * Draws the code for `text` with its top-left corner at (x, top), `size` points square including the quiet
 * zone, which is left unpainted: the caller keeps that square free of anything else.
 */
export function drawQr(page: PDFPage, text: string, x: number, top: number, size: number): void {
  const rows = qrModules(text);
  const n = rows.length + 2 * QUIET_ZONE;
  const cell = size / n;
  let path = '';
  rows.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      let end = c;
      while (end + 1 < row.length && row[end + 1]) end++;
      path += `M${c + QUIET_ZONE} ${r + QUIET_ZONE}h${end - c + 1}v1h${-(end - c + 1)}z`;
      c = end;
    }
  });
  page.drawSvgPath(path, { x, y: top, scale: cell, color: rgb(0, 0, 0) });
}

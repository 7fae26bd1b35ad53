/**
 * How the national portal judges what it receives, as the built-in simulator applies it: required fields,
 * known codes, the dossier code's shape, and statuses that only move forward from the portal's point of
 * view. Pure functions: the simulator adds what it has stored.
 */
import { PORTAL_DATE_PATTERN } from '../wire.ts';

export interface Refusal {
  code: string;
  message: string;
}

/** `{agency code}-{YYMMDD}-{sequence of the day, at least 4 digits}`, the date a real one. */
export const MA_HO_SO_PATTERN = /^[A-Z0-9][A-Z0-9.]{0,39}-([0-9]{2})([0-9]{2})([0-9]{2})-[0-9]{4,9}$/;
/** 1.001193, 2.000815, and a province's variant 1.000948.H38. */
export const MA_TTHC_PATTERN = /^[0-9]\.[0-9]{6}(\.[A-Z0-9]{1,10})?$/;

export const CLOSED: ReadonlySet<number> = new Set([3, 7, 8, 10]);
/** The main line of a dossier: received, processing, done, returned. Pauses (5, 6) and endings (3, 7, 8) sit beside it. */
const RANK: Readonly<Record<number, number>> = { 1: 1, 2: 2, 4: 3, 9: 4, 10: 5 };

export function rankOf(status: number): number {
  return RANK[status] ?? 0;
}

const isStatus = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 10;

function checkMaHoSo(value: unknown): Refusal | null {
  if (typeof value !== 'string' || value === '') return { code: 'MISSING_FIELD', message: 'MaHoSo is required' };
  const m = MA_HO_SO_PATTERN.exec(value);
  if (!m) return { code: 'INVALID_MA_HO_SO', message: `MaHoSo ${value} is not {agency code}-{YYMMDD}-{sequence}` };
  const [, yy, mm, dd] = m;
  const date = new Date(Date.UTC(2000 + Number(yy), Number(mm) - 1, Number(dd)));
  if (date.getUTCMonth() !== Number(mm) - 1 || date.getUTCDate() !== Number(dd)) return { code: 'INVALID_MA_HO_SO', message: `MaHoSo ${value} has no valid date` };
  return null;
}

function checkDates(payload: Record<string, unknown>, names: readonly string[], required: readonly string[]): Refusal | null {
  for (const name of names) {
    const v = payload[name];
    if (v === null || v === undefined) {
      if (required.includes(name)) return { code: 'MISSING_FIELD', message: `${name} is required` };
      continue;
    }
    if (typeof v !== 'string' || !PORTAL_DATE_PATTERN.test(v)) return { code: 'INVALID_DATE', message: `${name} must be yyyyMMddHHmmss` };
  }
  return null;
}

/** A "create dossier" payload, before looking at what the portal already holds. */
export function checkCreate(payload: unknown): Refusal | null {
  if (!payload || typeof payload !== 'object') return { code: 'INVALID_PAYLOAD', message: 'a JSON object is expected' };
  const p = payload as Record<string, unknown>;
  const code = checkMaHoSo(p.MaHoSo);
  if (code) return code;
  for (const name of ['MaTTHC', 'ChuHoSo', 'SoGiayToChuHoSo', 'TrichYeuHoSo']) {
    if (typeof p[name] !== 'string' || (p[name] as string).trim() === '') return { code: 'MISSING_FIELD', message: `${name} is required` };
  }
  if (!MA_TTHC_PATTERN.test(p.MaTTHC as string)) return { code: 'UNKNOWN_TTHC', message: `MaTTHC ${String(p.MaTTHC)} is not a procedure code` };
  if (!/^[0-9]{12}$/.test(p.SoGiayToChuHoSo as string)) return { code: 'INVALID_ID_NUMBER', message: 'SoGiayToChuHoSo must be a 12-digit personal ID number' };
  if (!isStatus(p.TrangThaiHoSo)) return { code: 'UNKNOWN_STATUS', message: `TrangThaiHoSo ${String(p.TrangThaiHoSo)} is not 1–10` };
  if (p.KenhThucHien !== 1 && p.KenhThucHien !== 2 && p.KenhThucHien !== 3) return { code: 'UNKNOWN_CHANNEL', message: `KenhThucHien ${String(p.KenhThucHien)} is not 1, 2 or 3` };
  if (p.DuocThanhToanTrucTuyen !== 0 && p.DuocThanhToanTrucTuyen !== 1 && p.DuocThanhToanTrucTuyen !== 2) return { code: 'INVALID_PAYMENT', message: 'DuocThanhToanTrucTuyen must be 0, 1 or 2' };
  if (!Array.isArray(p.DanhSachLePhi) || !p.DanhSachLePhi.every((f) => f && typeof f === 'object' && Number.isSafeInteger((f as { Gia?: unknown }).Gia) && ((f as { Gia: number }).Gia) >= 0)) {
    return { code: 'INVALID_FEE', message: 'DanhSachLePhi must list fees with Gia ≥ 0' };
  }
  if (!Array.isArray(p.DanhSachTaiLieuNop)) return { code: 'MISSING_FIELD', message: 'DanhSachTaiLieuNop is required' };
  return checkDates(p, ['NgayNopHoSo', 'NgayTiepNhan', 'NgayHenTra'], ['NgayNopHoSo']);
}

/** An "update status" payload, before looking at the dossier. */
export function checkStatusUpdate(payload: unknown): Refusal | null {
  if (!payload || typeof payload !== 'object') return { code: 'INVALID_PAYLOAD', message: 'a JSON object is expected' };
  const p = payload as Record<string, unknown>;
  const code = checkMaHoSo(p.MaHoSo);
  if (code) return code;
  if (!isStatus(p.TrangThaiHoSo)) return { code: 'UNKNOWN_STATUS', message: `TrangThaiHoSo ${String(p.TrangThaiHoSo)} is not 1–10` };
  if (p.TrangThaiHoSo === 10 && !p.NgayTra) return { code: 'MISSING_FIELD', message: 'NgayTra is required with TrangThaiHoSo 10' };
  if (p.DanhSachGiayToKetQua !== undefined && !Array.isArray(p.DanhSachGiayToKetQua)) return { code: 'INVALID_PAYLOAD', message: 'DanhSachGiayToKetQua must be a list' };
  return checkDates(p, ['NgayCapNhat', 'NgayTiepNhan', 'NgayHenTra', 'NgayKetThucXuLy', 'NgayTuChoi', 'NgayTra'], ['NgayCapNhat']);
}

/**
 * Whether a dossier at `current` (having reached `furthestRank` on the main line) may move to `to`.
 * The same status again is an update of its dates. A closed dossier (3, 7, 8, 10) changes no more;
 * pauses (5, 6) and endings (3, 7, 8) may come at any time; on the main line (1 → 2 → 4 → 9 → 10) a
 * dossier never goes back behind the furthest step it reached (coming back from a pause is not going back).
 */
export function checkTransition(current: number, furthestRank: number, to: number): Refusal | null {
  if (to === current) return null;
  if (CLOSED.has(current)) return { code: 'DOSSIER_CLOSED', message: `the dossier is closed (TrangThaiHoSo ${current})` };
  if (to === 5 || to === 6 || to === 3 || to === 7 || to === 8) return null;
  if (rankOf(to) < furthestRank) return { code: 'STATUS_BACKWARDS', message: `TrangThaiHoSo ${current} → ${to} goes back` };
  return null;
}

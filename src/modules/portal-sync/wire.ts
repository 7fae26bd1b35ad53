/**
 * THE WIRE FORMAT of the national public service portal (Cổng Dịch vụ công quốc gia, DVCQG) — the one file
 * to change for a province's gateway.
 *
 * The portal is reached through each province's integration gateway (LGSP/NGSP, VNPT iGate, Viettel…), and
 * their endpoints, envelopes and date formats differ. Everything that depends on them is here: the names of
 * the fields (the DVCQG dossier-sync vocabulary, shared/docs/research/vn-rules.md §2), how dates are written,
 * how a token is asked for and read, which path each operation is posted to, and how an answer is read.
 * The HTTP client (`http-client.ts`) only moves these requests; the simulator (`simulator.ts`) checks the
 * same payloads the way the portal does.
 *
 * The sequence is the one seen in a VNPT-iGate/LGSP sample: get a token (client id and secret), create the
 * dossier, update its status. Not done (yet): asking the portal for the next dossier code (our record codes
 * already follow `{agency code}-{YYMMDD}-{sequence}`), uploading files (their names and SHA-256 are sent,
 * not their bytes) and the progress log ("tiến trình").
 */
import type { EventRow, RecordRow } from '../records/index.ts';

/** What one message asks of the portal. */
export type Operation = 'create' | 'status';

/** TrangThaiHoSo 1 Mới đăng ký … 10 Đã trả kết quả. */
export type TrangThaiHoSo = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** A file the applicant (or the desk, scanning paper) handed in. */
export interface TaiLieuNop {
  TenTepDinhKem: string;
  /** The procedure component it answers (position in the catalogue version), when known. */
  MaThanhPhanHoSo: string | null;
  /** SHA-256 of the file, hex: the bytes themselves are not uploaded by this adapter. */
  MaBamTep: string;
  /** 1: a scan of paper made at the desk (digitised). */
  DuocSoHoa: 0 | 1;
  /** 1: taken from the citizen's personal data store on the portal (never, here). */
  DuocLayTuKhoDMQG: 0 | 1;
}

export interface GiayToKetQua {
  TenGiayTo: string;
  MaGiayToKetQua: string;
  MaBamTep: string;
}

export interface LePhi {
  TenPhiLePhi: string;
  /** Đồng. */
  Gia: number;
}

/** "Create dossier": the whole record. */
export interface DossierPayload {
  MaHoSo: string;
  MaTTHC: string;
  TrichYeuHoSo: string;
  /** 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích. */
  KenhThucHien: 1 | 2 | 3;
  TrangThaiHoSo: TrangThaiHoSo;
  /** 0 Công dân (records are filed by persons). */
  LoaiDoiTuong: 0;
  ChuHoSo: string;
  SoGiayToChuHoSo: string;
  DiaChiChuHoSo: string;
  NgayNopHoSo: string;
  NgayTiepNhan: string | null;
  NgayHenTra: string | null;
  DanhSachLePhi: LePhi[];
  /** 0: not paid online (unpaid, or paid at the desk); 1: paid on the national payment platform; 2: on a provincial one (issue #6). */
  DuocThanhToanTrucTuyen: 0 | 1 | 2;
  HoSoCoThanhPhanSoHoa: 0 | 1;
  DanhSachTaiLieuNop: TaiLieuNop[];
}

/** "Update status": the new TrangThaiHoSo and the dates that go with it. */
export interface StatusPayload {
  MaHoSo: string;
  TrangThaiHoSo: TrangThaiHoSo;
  /** When the change was made. */
  NgayCapNhat: string;
  NgayTiepNhan: string | null;
  NgayHenTra: string | null;
  /** First closing status (9 done, 7 withdrawn, 8 stopped): the end of processing for indicator 2.1. */
  NgayKetThucXuLy: string | null;
  NgayTuChoi: string | null;
  NgayTra: string | null;
  DanhSachGiayToKetQua: GiayToKetQua[];
  /** As in the dossier: a payment made after the dossier was created reaches the portal with the next status message. */
  DuocThanhToanTrucTuyen: 0 | 1 | 2;
}

export type Payload = DossierPayload | StatusPayload;

/** Files of a record as the records module lists them. */
export interface RecordFileInfo {
  id: number;
  kind: 'attachment' | 'supplement' | 'scan' | 'result';
  componentPosition: number | null;
  fileName: string;
  sha256: string;
}

// --- dates -----------------------------------------------------------------------------------------

/** `yyyyMMddHHmmss` in Vietnam time (UTC+7, no daylight saving), as the DVCQG dossier sync writes dates. */
export function portalDate(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export const PORTAL_DATE_PATTERN = /^[0-9]{14}$/;

const dateOrNull = (at: Date | null | undefined) => (at ? portalDate(at) : null);

// --- payloads --------------------------------------------------------------------------------------

const resultFiles = (files: readonly RecordFileInfo[]): GiayToKetQua[] =>
  files.filter((f) => f.kind === 'result').map((f) => ({ TenGiayTo: f.fileName, MaGiayToKetQua: String(f.id), MaBamTep: f.sha256 }));

/** `DuocThanhToanTrucTuyen` of a record: the payment platform it was paid through, 0 when unpaid or paid at the desk. */
const paidOnline = (record: RecordRow): 0 | 1 | 2 => (record.payment_method === 'online' && (record.payment_channel === 1 || record.payment_channel === 2) ? record.payment_channel : 0);

/** The whole record, at the status given (the status of the event that created it). */
export function dossierPayload(record: RecordRow, status: TrangThaiHoSo, files: readonly RecordFileInfo[]): DossierPayload {
  const handedIn = files.filter((f) => f.kind !== 'result');
  return {
    MaHoSo: record.code,
    MaTTHC: record.procedure_code,
    TrichYeuHoSo: record.procedure_name,
    KenhThucHien: record.channel,
    TrangThaiHoSo: status,
    LoaiDoiTuong: 0,
    ChuHoSo: record.applicant_name,
    SoGiayToChuHoSo: record.applicant_id_number,
    DiaChiChuHoSo: record.applicant_address,
    NgayNopHoSo: portalDate(record.submitted_at),
    NgayTiepNhan: dateOrNull(record.received_at),
    NgayHenTra: dateOrNull(record.due_at),
    DanhSachLePhi: Number(record.fee_amount) > 0 ? [{ TenPhiLePhi: record.procedure_name, Gia: Number(record.fee_amount) }] : [],
    DuocThanhToanTrucTuyen: paidOnline(record),
    HoSoCoThanhPhanSoHoa: handedIn.some((f) => f.kind === 'scan') ? 1 : 0,
    DanhSachTaiLieuNop: handedIn.map((f) => ({
      TenTepDinhKem: f.fileName,
      MaThanhPhanHoSo: f.componentPosition === null ? null : String(f.componentPosition),
      MaBamTep: f.sha256,
      DuocSoHoa: f.kind === 'scan' ? 1 : 0,
      DuocLayTuKhoDMQG: 0,
    })),
  };
}

/**
 * The status a record has after `event` (its new status for a status change; `status` otherwise, for
 * events that only move dates or add results), with the dates as the record holds them now.
 */
export function statusPayload(record: RecordRow, event: Pick<EventRow, 'at'>, status: TrangThaiHoSo, files: readonly RecordFileInfo[]): StatusPayload {
  const at = event.at;
  return {
    MaHoSo: record.code,
    TrangThaiHoSo: status,
    NgayCapNhat: portalDate(at),
    NgayTiepNhan: dateOrNull(record.received_at ?? (status === 2 ? at : null)),
    NgayHenTra: dateOrNull(record.due_at),
    NgayKetThucXuLy: status === 9 ? portalDate(record.decided_at ?? at) : status === 7 || status === 8 ? portalDate(at) : null,
    NgayTuChoi: status === 3 ? portalDate(record.decided_at ?? at) : null,
    NgayTra: status === 10 ? portalDate(record.returned_at ?? at) : null,
    DanhSachGiayToKetQua: status === 9 || status === 10 ? resultFiles(files) : [],
    DuocThanhToanTrucTuyen: paidOnline(record),
  };
}

// --- the HTTP envelope -------------------------------------------------------------------------------

export interface WireRequest {
  /** Appended to PORTAL_SYNC_URL. */
  path: string;
  contentType: 'application/json' | 'application/x-www-form-urlencoded';
  body: string;
  headers?: Record<string, string>;
}

/** OAuth 2.0 client credentials, posted as a form. */
export function tokenRequest(clientId: string, clientSecret: string): WireRequest {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  return { path: '/token', contentType: 'application/x-www-form-urlencoded', body: form.toString() };
}

/** `{ access_token, expires_in }`; null when the answer holds no token. */
export function readToken(json: unknown): { token: string; expiresInSeconds: number } | null {
  const o = json as { access_token?: unknown; expires_in?: unknown } | null;
  if (!o || typeof o.access_token !== 'string' || o.access_token === '') return null;
  const expires = typeof o.expires_in === 'number' && o.expires_in > 0 ? o.expires_in : 300;
  return { token: o.access_token, expiresInSeconds: expires };
}

/**
 * Create: `POST /dossiers`; update status: `POST /dossiers/{MaHoSo}/status`. The message's key goes in
 * `Idempotency-Key`, for gateways that recognise a repeated message.
 */
export function operationRequest(operation: Operation, payload: Payload, key: string): WireRequest {
  const path = operation === 'create' ? '/dossiers' : `/dossiers/${encodeURIComponent(payload.MaHoSo)}/status`;
  return { path, contentType: 'application/json', body: JSON.stringify(payload), headers: { 'idempotency-key': key } };
}

/** What an answer means: accepted, refused for good (the same message would be refused again), or try later. */
export type WireOutcome = { kind: 'accepted' } | { kind: 'rejected'; code: string; message: string } | { kind: 'retry'; code: string; message: string };

/**
 * Gateways answer `{ "error_code": 0 | "0", "message": "…" }` on success and a non-zero `error_code` when
 * they refuse the content. 401 means the token expired; 408, 429 and 5xx are temporary.
 */
export function readOutcome(httpStatus: number, json: unknown): WireOutcome {
  const o = (json ?? {}) as { error_code?: unknown; message?: unknown };
  const code = o.error_code === undefined || o.error_code === null ? '' : String(o.error_code);
  const message = typeof o.message === 'string' ? o.message : '';
  if (httpStatus === 401) return { kind: 'retry', code: 'UNAUTHORIZED', message: message || 'token refused' };
  if (httpStatus === 408 || httpStatus === 429 || httpStatus >= 500) return { kind: 'retry', code: `HTTP_${httpStatus}`, message };
  if (httpStatus >= 200 && httpStatus < 300 && (code === '' || code === '0')) return { kind: 'accepted' };
  return { kind: 'rejected', code: code || `HTTP_${httpStatus}`, message };
}

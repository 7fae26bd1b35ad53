/** Record statuses and channels, as the national public service portal (DVCQG) numbers them. */

/** TrangThaiHoSo: 1 Mới đăng ký … 10 Đã trả kết quả. */
export const STATUSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export type RecordStatus = (typeof STATUSES)[number];

export const STATUS = {
  submitted: 1,
  received: 2,
  refused: 3,
  processing: 4,
  supplement_requested: 5,
  payment_requested: 6,
  withdrawn: 7,
  stopped: 8,
  done: 9,
  returned: 10,
} as const satisfies Record<string, RecordStatus>;

/** KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích. */
export const CHANNEL = { desk: 1, online: 2, post: 3 } as const;
export type RecordChannel = (typeof CHANNEL)[keyof typeof CHANNEL];

/** Finished: nothing more happens to the record (a rating aside). */
export const CLOSED_STATUSES: ReadonlySet<RecordStatus> = new Set([3, 7, 8, 10]);

/** The citizen may ask to withdraw while no result exists yet (NĐ 118/2025 Art. 21). */
export function mayRequestWithdrawal(status: RecordStatus): boolean {
  return [1, 2, 4, 5, 6].includes(status);
}

/** Not yet received by the desk: the citizen withdraws at once; later the desk decides (Mẫu 05). */
export function withdrawsAtOnce(status: RecordStatus): boolean {
  return status === STATUS.submitted;
}

/** Supplements are uploaded only while one is asked for. */
export function acceptsSupplement(status: RecordStatus): boolean {
  return status === STATUS.supplement_requested;
}

/** The desk may ask for a supplement before intake (Mẫu 02) or while processing. */
export function maySupplementBeRequested(status: RecordStatus): boolean {
  return [1, 2, 4].includes(status);
}

/** The citizen rates the service once the result is returned, or once it was refused or stopped. */
export function mayBeRated(status: RecordStatus): boolean {
  return status === STATUS.returned || status === STATUS.refused || status === STATUS.stopped;
}

export function isRecordStatus(value: unknown): value is RecordStatus {
  return typeof value === 'number' && (STATUSES as readonly number[]).includes(value);
}

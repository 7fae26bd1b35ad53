/** Records (hồ sơ): online filing, drafts, attachments, tracking, messages, supplements. Other modules use only this file. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '../../platform/db/migrate.ts';
import type { NavItem } from '../../platform/views/layout.ts';

export type { RecordsContext, Filer } from './context.ts';
export type { RecordStatus, RecordChannel } from './domain/status.ts';
export { STATUS, CHANNEL, STATUSES } from './domain/status.ts';
export type { RecordRow, EventRow } from './store.ts';
export { findRecordByCode, findRecordById, listEvents, listEventsAfter, listRecordFiles } from './store.ts';
export { listRecords, countQueues, QUEUES } from './record-lists.ts';
export { recordsTable } from './http/list-pages.ts';
export type { Queue, RecordListRow } from './record-lists.ts';
export { saveDraft, attachToDraft } from './drafts.ts';
export { submitDraft, submitApplication } from './file-record.ts';
export { changeStatus, postMessage, requestSupplement, provideSupplement, requestWithdrawal, rateRecord } from './follow-up.ts';
export { trackRecord } from './track.ts';
export { recordsRoutes } from './http/routes.ts';
export { calendarDeadlines, simpleDeadlines } from './deadlines.ts';
export type { Deadlines, DeadlineCalculator } from './deadlines.ts';
export { recordPaymentInTrx, findRecordForPayment, citizenOwnsRecord } from './pay-record.ts';
export type { RecordPayment, RecordPaymentResult, PayableRecord } from './pay-record.ts';
export { feeDue } from './domain/payment.ts';
export type { PaymentChannel, PaymentMethod } from './domain/payment.ts';

export const recordsMigrations: MigrationSource = {
  module: 'records',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations'),
};

export const recordsNav: NavItem[] = [
  { href: '/ho-so', label: 'nav.my_records', permission: 'citizen' },
  { href: '/tra-cuu', label: 'nav.track', permission: 'public' },
  { href: '/admin/records', label: 'nav.records', permission: 'records.view' },
];
export { RECORD_SETS, isRecordSet, countIndicatorFacts, indicatorFactsQuery, listRecordSet, listFinishedRecords } from './indicator-facts.ts';
export type { RecordSet, FactsWindow, UnitFacts, FinishedRecord } from './indicator-facts.ts';

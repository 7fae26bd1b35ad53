/** The pure rules of incoming documents (issue #8, part I): registration checks, deadlines, the signature decision, who may do what, queues, file checks. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  addWorkingDays, checkRegistration, defaultDueDay, endOfVietnamDay, inQueue, incomingActions, isDay, progressOf, signatureDecision, vietnamDateTime, vietnamDay,
} from '../../src/modules/documents/domain/incoming-rules.ts';
import type { RegistrationInput, Viewer } from '../../src/modules/documents/domain/incoming-rules.ts';
import { checkIncomingFiles, safeFileName } from '../../src/modules/documents/incoming-files.ts';
import { noScanner } from '../../src/platform/files/virus-scan.ts';
import { makeJpeg, makePdf } from '../support/files.ts';

const NOW = new Date('2026-03-05T03:00:00Z'); // 10:00 in Vietnam, Thursday 5 March 2026
const input = (over: Partial<RegistrationInput> = {}): RegistrationInput => ({
  typeCode: 'QyĐ', numberText: ' 12/QyĐ-UBND ', documentDate: '2026-03-02', senderName: '  UBND  tỉnh Điện Biên ', subject: 'Quy định về   văn thư', urgency: 'urgent',
  confidential: false, pageCount: '3', receivedAt: '', channel: 'electronic', ...over,
});

describe('registration checks', () => {
  it('accepts a complete registration, cleans spaces, keeps the exact mixed-case type, defaults the time to now', () => {
    const r = checkRegistration(input(), NOW);
    assert.ok(r.ok);
    assert.deepEqual(r.value, { typeCode: 'QyĐ', numberText: '12/QyĐ-UBND', documentDate: '2026-03-02', senderName: 'UBND tỉnh Điện Biên', subject: 'Quy định về văn thư', urgency: 'urgent', confidential: false, pageCount: 3, receivedAt: NOW, channel: 'electronic' });
    const typed = checkRegistration(input({ receivedAt: '2026-03-05T08:15', numberText: '', pageCount: '' }), NOW);
    assert.ok(typed.ok);
    assert.equal(typed.value.receivedAt.toISOString(), '2026-03-05T01:15:00.000Z', 'read as Vietnam time');
    assert.equal(typed.value.numberText, null);
    assert.equal(typed.value.pageCount, null);
  });

  it('names every field that is wrong', () => {
    const r = checkRegistration({ typeCode: 'qyđ', numberText: 'x'.repeat(101), documentDate: '2026-02-29', senderName: ' ', subject: '', urgency: 'soon', confidential: true, pageCount: '-1', receivedAt: '2026-03-05 08:00', channel: 'fax' }, NOW);
    assert.ok(!r.ok);
    assert.deepEqual(r.problems, { typeCode: 'type', numberText: 'number_text', senderName: 'sender', subject: 'subject', urgency: 'urgency', channel: 'channel', pageCount: 'pages', receivedAt: 'received_at', documentDate: 'document_date' });
  });

  it('refuses a time received in the future and a document dated after it arrived', () => {
    const future = checkRegistration(input({ receivedAt: '2026-03-05T11:00' }), NOW);
    assert.ok(!future.ok && future.problems.receivedAt === 'received_future');
    const skew = checkRegistration(input({ receivedAt: '2026-03-05T10:04' }), NOW);
    assert.ok(skew.ok, 'a few minutes of clock skew are forgiven');
    const late = checkRegistration(input({ documentDate: '2026-03-06' }), NOW);
    assert.ok(!late.ok && late.problems.documentDate === 'document_after_received');
  });

  it('reads days and Vietnam times strictly', () => {
    assert.equal(isDay('2026-02-28'), true);
    assert.equal(isDay('2026-02-29'), false);
    assert.equal(isDay('2026-2-8'), false);
    assert.equal(vietnamDateTime('2026-03-05T24:00'), null);
    assert.equal(vietnamDay(new Date('2026-12-31T17:30:00Z')), '2027-01-01', 'after 17:00 UTC it is the next day in Vietnam');
    assert.equal(endOfVietnamDay('2026-03-05').toISOString(), '2026-03-05T16:59:59.999Z');
  });
});

describe('deadlines from urgency', () => {
  it('counts working days, skipping weekends', () => {
    assert.equal(addWorkingDays('2026-03-05', 0), '2026-03-05');
    assert.equal(addWorkingDays('2026-03-05', 1), '2026-03-06');
    assert.equal(addWorkingDays('2026-03-06', 1), '2026-03-09', 'Friday + 1 is Monday');
    assert.equal(addWorkingDays('2026-03-05', 10), '2026-03-19');
  });
  it('express and very urgent the same day, urgent one working day, normal ten', () => {
    assert.equal(defaultDueDay('2026-03-06', 'express'), '2026-03-06');
    assert.equal(defaultDueDay('2026-03-06', 'very_urgent'), '2026-03-06');
    assert.equal(defaultDueDay('2026-03-06', 'urgent'), '2026-03-09');
    assert.equal(defaultDueDay('2026-03-06', 'normal'), '2026-03-20');
  });
});

describe('the signature decision', () => {
  it('returns an invalid document to its sender and registers everything else with a note', () => {
    assert.deepEqual(signatureDecision('invalid'), { register: false, note: 'invalid' });
    for (const v of ['valid', 'unsigned', 'indeterminate', 'not_checked'] as const) assert.deepEqual(signatureDecision(v), { register: true, note: v });
  });
});

describe('who may take which step', () => {
  const perms = { clerk: ['documents.view', 'documents.register', 'documents.issue', 'documents.handle'], leader: ['documents.view', 'documents.assign', 'documents.handle', 'documents.draft'], specialist: ['documents.view', 'documents.handle', 'documents.draft'] };
  const v = (who: keyof typeof perms, role: Viewer['role'] = null, ownUnit = true): Viewer => ({ id: 7, permissions: new Set(perms[who]), ownUnit, role });
  it('follows the flow registered → presented → assigned → in progress', () => {
    assert.deepEqual(incomingActions('registered', null, v('clerk')), ['present']);
    assert.deepEqual(incomingActions('registered', null, v('leader')), []);
    assert.deepEqual(incomingActions('presented', 7, v('leader')), ['assign']);
    assert.deepEqual(incomingActions('presented', 7, v('specialist')), []);
    assert.deepEqual(incomingActions('assigned', 7, v('specialist', 'main')), ['opinion', 'forward', 'complete', 'reply']);
    assert.deepEqual(incomingActions('in_progress', 7, v('specialist', 'co')), ['opinion']);
    assert.deepEqual(incomingActions('in_progress', 7, v('specialist', 'info')), ['opinion']);
    assert.deepEqual(incomingActions('in_progress', 7, v('specialist')), [], 'not assigned: nothing');
    assert.deepEqual(incomingActions('in_progress', 1, v('leader')), ['opinion', 'task']);
    assert.deepEqual(incomingActions('completed', 7, v('specialist', 'main')), []);
    assert.deepEqual(incomingActions('returned', null, v('clerk')), []);
  });
  it('gives officials above the unit nothing to do', () => {
    assert.deepEqual(incomingActions('registered', null, v('clerk', null, false)), []);
    assert.deepEqual(incomingActions('assigned', 7, v('specialist', 'main', false)), []);
  });
});

describe('workqueues', () => {
  const now = new Date('2026-03-05T03:00:00Z');
  const d = (over: Partial<Parameters<typeof inQueue>[1]> = {}) => ({ status: 'assigned' as const, dueAt: null, holderId: null, myRole: null, ...over });
  it('puts a document in the queues its state, holder, deadline and my part say', () => {
    assert.ok(inQueue('to_present', d({ status: 'registered' }), 1, now));
    assert.ok(inQueue('to_assign', d({ status: 'presented', holderId: 1 }), 1, now));
    assert.ok(!inQueue('to_assign', d({ status: 'presented', holderId: 2 }), 1, now), 'presented to another leader');
    assert.ok(inQueue('to_process', d({ myRole: 'co' }), 1, now));
    assert.ok(!inQueue('to_process', d({ myRole: 'info' }), 1, now), 'followers only follow');
    assert.ok(inQueue('due_soon', d({ dueAt: new Date(now.getTime() + 47 * 3600_000) }), 1, now));
    assert.ok(!inQueue('due_soon', d({ dueAt: new Date(now.getTime() + 49 * 3600_000) }), 1, now));
    assert.ok(inQueue('overdue', d({ dueAt: new Date(now.getTime() - 1) }), 1, now));
    assert.ok(!inQueue('overdue', d({ status: 'completed', dueAt: new Date(now.getTime() - 1) }), 1, now), 'completed late is no longer overdue');
    assert.ok(inQueue('all', d({ status: 'returned' }), 1, now));
  });
  it('reads a progress percentage', () => {
    assert.equal(progressOf('50'), 50);
    assert.equal(progressOf(' 100 % '), 100);
    assert.equal(progressOf('0'), 0);
    for (const bad of ['101', '-1', '5.5', '', 'abc']) assert.equal(progressOf(bad), null, bad);
  });
});

describe('files of a registration', () => {
  const up = (data: Uint8Array, filename = 'a.pdf') => ({ filename, data, truncated: false });
  it('takes several scans of a paper document, one PDF of an electronic one, from their bytes', async () => {
    const paper = await checkIncomingFiles(noScanner, 'paper', [up(makePdf()), up(makeJpeg(), 'trang-2.png')]);
    assert.ok(paper.ok);
    assert.deepEqual(paper.files.map((f) => [f.contentType, f.fileName]), [['application/pdf', 'a.pdf'], ['image/jpeg', 'trang-2.jpg']], 'the name follows the bytes');
    assert.deepEqual(await checkIncomingFiles(noScanner, 'electronic', [up(makeJpeg(), 'x.pdf')]), { ok: false, problem: 'electronic_one_pdf' });
    assert.deepEqual(await checkIncomingFiles(noScanner, 'electronic', [up(makePdf()), up(makePdf())]), { ok: false, problem: 'electronic_one_pdf' });
    assert.deepEqual(await checkIncomingFiles(noScanner, 'paper', []), { ok: false, problem: 'files_required' });
    assert.deepEqual(await checkIncomingFiles(noScanner, 'paper', [{ filename: 'a.pdf', data: makePdf(), truncated: true }]), { ok: false, problem: 'file_too_large' });
    assert.deepEqual(await checkIncomingFiles(async () => 'infected', 'paper', [up(makePdf())]), { ok: false, problem: 'file_infected' });
    assert.deepEqual(await checkIncomingFiles(noScanner, 'paper', [up(Buffer.from('%PDF-1.4\n/JavaScript (x)\n%%EOF'))]), { ok: false, problem: 'file_active_content' });
  });
  it('makes names safe to show and send back', () => {
    assert.equal(safeFileName('C:\\Users\\vt\\Công văn "số" 12.PDF', 'application/pdf'), 'Công văn số 12.pdf');
    assert.equal(safeFileName('../../etc/passwd', 'image/png'), 'passwd.png');
    assert.equal(safeFileName('', 'image/jpeg'), 'van-ban.jpg');
  });
});

/**
 * A few records for the demo, filed through the records module's own use cases (as a citizen, the desk and
 * the digital team would), so that the pages of a fresh install have something to show: a birth
 * registration with its paper, a marital status confirmation waiting for a supplement, a certified copy
 * filed at the desk, and one record in another commune. Runs only while no record exists.
 */
import type { Db } from '../platform/db/database.ts';
import type { AuditActor } from '../modules/audit/index.ts';
import { findProcedureByCode } from '../modules/catalogue/index.ts';
import { findCitizenByContact, findOfficialRowByUsername } from '../modules/identity/index.ts';
import { listRecords, requestSupplement, submitApplication } from '../modules/records/index.ts';
import type { Filer, RecordsContext } from '../modules/records/index.ts';
import { findUnitByCode, listUnits } from '../modules/tenancy/index.ts';
import { noScanner } from '../platform/files/virus-scan.ts';

/** A one-page PDF with one line of plain ASCII ("Giấy chứng sinh" by default), built here so the demo needs no binary file. */
export function demoPdf(line = 'GIAY CHUNG SINH - ban chup minh hoa'): Uint8Array {
  const stream = `BT /F1 14 Tf 20 60 Td (${line.replace(/[^ -~]|[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 140] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const actorOf = (who: Filer): AuditActor => ({ kind: who.kind, id: who.id, name: who.name, unitId: who.kind === 'official' ? who.unitId : null, ip: '', userAgent: 'demo seed' });

/** A date some days back, so the demo's births are never in the future whatever the day it is started. */
const daysAgo = (n: number) => new Date(Date.now() + 7 * 3600_000 - n * 86400_000).toISOString().slice(0, 10);

const applicant = (name: string, id: string, phone: string, address: string) => ({ applicantName: name, applicantId: id, applicantPhone: phone, applicantAddress: address });

/** Returns how many records it filed (0 when records already exist or the demo units are missing). */
export async function seedDemoRecords(db: Db): Promise<number> {
  const units = await listUnits(db);
  if ((await listRecords(db, { unitIds: units.map((u) => u.id) }, { limit: 1, offset: 0 })).total > 0) return 0;
  const [muongDang, phinHo, mai, hai, deskRow, teamRow, birth, marital, copy] = await Promise.all([
    findUnitByCode(db, 'H11.35.01'), findUnitByCode(db, 'H11.35.02'), findCitizenByContact(db, '0912000001'), findCitizenByContact(db, '0912000002'),
    findOfficialRowByUsername(db, 'motcua.muongdang'), findOfficialRowByUsername(db, 'tocns.muongdang'),
    findProcedureByCode(db, '1.001193'), findProcedureByCode(db, '1.004873'), findProcedureByCode(db, '2.000815'),
  ]);
  if (!muongDang || !phinHo || !mai || !hai || !deskRow || !teamRow || !birth || !marital || !copy) return 0;
  const ctx: RecordsContext = { db, scanner: noScanner };
  const maiFiler: Filer = { kind: 'citizen', id: mai.id, name: mai.fullName };
  const desk: Filer = { kind: 'official', id: Number(deskRow.id), name: deskRow.full_name, unitId: muongDang.id, role: 'one_stop_officer' };
  const team: Filer = { kind: 'official', id: Number(teamRow.id), name: teamRow.full_name, unitId: muongDang.id, role: 'digital_team_member' };
  let filed = 0;
  const file = async (who: Filer, procedure: NonNullable<typeof birth>, unitId: number, values: Record<string, string>, attachments: { component: number | null; fileName: string; data: Uint8Array }[] = []) => {
    const result = await submitApplication(ctx, who, actorOf(who), { procedure, unitId: String(unitId), values, attachments, idempotencyKey: null });
    if (!result.ok) throw new Error(`demo record for ${procedure.code} is invalid: ${JSON.stringify(result.problems)} ${JSON.stringify(result.fileProblems)}`);
    filed++;
    return result.record;
  };

  await file(maiFiler, birth, muongDang.id, {
    ...applicant(mai.fullName, '011190001234', '0912000001', 'Bản Co Muông, xã Mường Đăng'),
    relation: 'cha_me', childName: 'Lò Văn Khánh', childSex: 'nam', childBirthDate: daysAgo(8), childBirthPlace: 'Trạm y tế xã Mường Đăng',
    childEthnicity: 'Thái', childNationality: 'Việt Nam', motherName: mai.fullName, motherId: '011190001234', fatherKnown: 'co', fatherName: 'Lò Văn Thắng', fatherId: '011088004567',
  }, [{ component: 4, fileName: 'giay-chung-sinh.pdf', data: demoPdf() }]);

  const confirmation = await file(maiFiler, marital, muongDang.id, {
    ...applicant(mai.fullName, '011190001234', '0912000001', 'Bản Co Muông, xã Mường Đăng'),
    subjectName: mai.fullName, subjectBirthDate: '1990-03-12', subjectId: '011190001234', status: 'chua_ket_hon', purpose: 'khac', otherPurpose: 'Bổ sung hồ sơ vay vốn hộ nghèo',
  });
  await requestSupplement(ctx, { kind: 'official', id: desk.id, name: desk.name }, actorOf(desk), Number(confirmation.id),
    'Ảnh chụp căn cước mặt sau bị mờ, không đọc được số định danh. Đề nghị chụp lại rõ nét và gửi bổ sung.');

  await file(desk, copy, muongDang.id, {
    ...applicant('Quàng Văn Páo', '011080004321', '0987654321', 'Bản Hua Ná, xã Mường Đăng'),
    documentName: 'Bằng tốt nghiệp trung học phổ thông', documentIssuer: 'Sở Giáo dục và Đào tạo tỉnh Điện Biên', pages: '2', copies: '3',
  });

  await file(team, birth, muongDang.id, {
    ...applicant('Lò Thị Pằng', '011195007788', '0976543210', 'Bản Hua Ná, xã Mường Đăng'),
    relation: 'cha_me', childName: 'Lò Thị Mây', childSex: 'nu', childBirthDate: daysAgo(13), childBirthPlace: 'Nhà riêng, bản Hua Ná',
    childEthnicity: 'Thái', childNationality: 'Việt Nam', motherName: 'Lò Thị Pằng', fatherKnown: 'khong',
  });

  await file({ kind: 'citizen', id: hai.id, name: hai.fullName }, birth, phinHo.id, {
    ...applicant(hai.fullName, '011192003456', '0912000002', 'Bản Phìn Hồ, xã Phìn Hồ'),
    relation: 'cha_me', childName: 'Giàng A Dình', childSex: 'nam', childBirthDate: daysAgo(18), childBirthPlace: 'Trạm y tế xã Phìn Hồ',
    childEthnicity: "H'Mông", childNationality: 'Việt Nam', motherName: 'Vàng Thị Dợ', fatherKnown: 'co', fatherName: hai.fullName,
  });
  return filed;
}

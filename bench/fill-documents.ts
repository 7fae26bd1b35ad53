/**
 * Fills a database with realistic official documents for the search benchmark (bench/documents.ts), in one SQL
 * statement per unit (generate_series): incoming documents from the province's agencies (80 %) and the unit's own
 * outgoing ones (20 %) over four years, Vietnamese subjects built from a small word list ("V/v triển khai công tác
 * phòng chống thiên tai năm 2025"), numbers and symbols as written ("127/QĐ-UBND", "45/SNV-VP"), incoming numbers
 * per unit and year (row_number over the date received), outgoing numbers per register and year, a body of about
 * 40 words standing for the files' text, and `search_text` folded as `searchTextOf` folds it (the parts are folded
 * here in JavaScript with the catalogue's `fold` and passed in: the database has no unaccent). 2 % confidential,
 * one in 60 documents about a rare matter ("sạt lở đất bản Huổi Khon") so that a rare word matches about 0.1 %.
 */
import { sql } from 'kysely';
import type { Db } from '../src/platform/db/database.ts';
import { fold } from '../src/modules/catalogue/index.ts';

export const ACTIONS = ['triển khai', 'tăng cường', 'hướng dẫn thực hiện', 'báo cáo kết quả', 'tổ chức', 'kiểm tra', 'phê duyệt', 'đôn đốc thực hiện', 'rà soát', 'tổng kết', 'giao chỉ tiêu', 'điều chỉnh'];
export const TOPICS = [
  'công tác phòng chống thiên tai', 'kế hoạch phát triển kinh tế xã hội', 'chương trình mục tiêu quốc gia giảm nghèo bền vững', 'tiêm chủng mở rộng',
  'chuyển đổi số', 'cải cách hành chính', 'phòng cháy chữa cháy rừng', 'bầu cử đại biểu Hội đồng nhân dân', 'xây dựng nông thôn mới', 'quản lý đất đai',
  'an toàn giao thông', 'phổ cập giáo dục', 'vệ sinh an toàn thực phẩm', 'dân số và kế hoạch hóa gia đình', 'quyết toán ngân sách', 'tuyển quân',
  'cấp căn cước công dân', 'hỗ trợ nhà ở cho hộ nghèo', 'bảo vệ và phát triển rừng', 'phòng chống ma túy',
];
export const TAILS = ['năm 2025', 'năm 2026', 'quý I', 'quý II', '6 tháng đầu năm', 'trên địa bàn xã', 'trên địa bàn tỉnh Điện Biên', 'giai đoạn 2026 2030', 'đợt 2', ''];
/** One in 60 documents names one of these: a rare word ("Huổi Khon") matches about 1 in 600. */
export const RARE = ['sạt lở đất bản Huổi Khon', 'dịch tả lợn châu Phi tại bản Nà Pen', 'lũ quét suối Nậm Lịch', 'mưa đá bản Pa Tần', 'cháy rừng đồi Pú Nhi', 'hạn hán bản Sín Chải', 'dịch sốt xuất huyết bản Co Cượm', 'rét đậm rét hại bản Tìa Dình', 'sụt lún đất bản Hừa Ngài', 'lốc xoáy bản Phiêng Ban'];
export const SENDERS: [name: string, abbreviation: string][] = [
  ['UBND tỉnh Điện Biên', 'UBND'], ['Sở Nội vụ tỉnh Điện Biên', 'SNV'], ['Sở Tài chính tỉnh Điện Biên', 'STC'], ['Sở Y tế tỉnh Điện Biên', 'SYT'],
  ['Công an tỉnh Điện Biên', 'CAT'], ['Bộ Chỉ huy Quân sự tỉnh Điện Biên', 'BCH'], ['Sở Nông nghiệp và Môi trường tỉnh Điện Biên', 'SNNMT'],
  ['Sở Giáo dục và Đào tạo tỉnh Điện Biên', 'SGDĐT'], ['Văn phòng UBND tỉnh Điện Biên', 'VP'], ['Ban Dân tộc tỉnh Điện Biên', 'BDT'],
  ['Bảo hiểm xã hội tỉnh Điện Biên', 'BHXH'], ['Sở Khoa học và Công nghệ tỉnh Điện Biên', 'SKHCN'], ['Kho bạc Nhà nước khu vực XI', 'KBNN'],
  ['Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Điện Biên', 'MTTQ'], ['Sở Xây dựng tỉnh Điện Biên', 'SXD'],
];
/** Type code, the abbreviation in the symbol (null: a công văn), its weight. */
export const TYPES: [code: string, abbreviation: string | null][] = [['CV', null], ['CV', null], ['CV', null], ['QĐ', 'QĐ'], ['QĐ', 'QĐ'], ['KH', 'KH'], ['TB', 'TB'], ['BC', 'BC'], ['GM', 'GM'], ['HD', 'HD'], ['CT', 'CT'], ['TTr', 'TTr']];
export const SIGNERS = ['Lê Thành Đô', 'Vừ A Bằng', 'Lò Văn Cương', 'Nguyễn Thị Thu Hà', 'Giàng A Dơ', 'Mùa A Sơn', 'Phạm Đức Toàn', 'Tòng Văn Hải'];
/** Words of the body standing for the files' text (already folded). */
const BODY = fold(`căn cứ luật tổ chức chính quyền địa phương nghị định thông tư quyết định ủy ban nhân dân xã các thôn bản
  đề nghị thực hiện nghiêm túc báo cáo kết quả trước ngày tháng năm cán bộ công chức phối hợp cơ quan đơn vị liên quan
  kinh phí ngân sách nhà nước hộ gia đình cá nhân tổ chức người dân đồng bào dân tộc thiểu số vùng sâu vùng xa trách nhiệm
  chủ tịch phó chủ tịch văn phòng tư pháp hộ tịch địa chính nông nghiệp văn hóa xã hội công an quân sự y tế giáo dục
  nơi nhận lưu vt như trên ban hành kèm theo hiệu lực kể từ ngày ký điều khoản mục tiêu nhiệm vụ giải pháp tiến độ`).split(' ');

const both = (values: readonly string[]) => ({ text: values, folded: values.map(fold) });

export interface FillOptions {
  unitId: number;
  count: number;
  /** The unit's abbreviation in its outgoing symbols. */
  issuer?: string;
  /** Documents are spread over these years (received or issued between 1 January and 31 December, Vietnam time). */
  years?: readonly number[];
}

/** Inserts `count` documents of a unit; returns how many. The unit's outgoing register is created if missing. */
export async function fillDocuments(db: Db, o: FillOptions): Promise<number> {
  const years = o.years ?? [2023, 2024, 2025, 2026];
  const actions = both(ACTIONS);
  const topics = both(TOPICS);
  const tails = both(TAILS);
  const rare = both(RARE);
  const senders = both(SENDERS.map((s) => s[0]));
  const senderAbbr = both(SENDERS.map((s) => s[1]));
  const types = TYPES.map((t) => t[0]);
  const typeAbbr = both(TYPES.map((t) => t[1] ?? ''));
  const signers = both(SIGNERS);
  const issuer = o.issuer ?? 'UBND';
  for (const [direction, code, name] of [['incoming', 'den', 'Sổ đăng ký văn bản đến'], ['outgoing', 'di', 'Sổ đăng ký văn bản đi']] as const) {
    await sql`insert into document_registers (unit_id, direction, code, name) values (${o.unitId}, ${direction}, ${code}, ${name}) on conflict (unit_id, code) do nothing`.execute(db);
  }
  const arr = (values: readonly string[]) => sql`${values}::text[]`;
  const result = await sql`
    with g as (
      select i,
        -- received or issued at: a working hour of a day of one of the years
        (make_timestamptz((${years as number[]}::int[])[1 + (i % ${years.length})], 1, 1, 8, 0, 0, 'Asia/Ho_Chi_Minh')
          + ((i * 7919) % 360) * interval '1 day' + ((i * 31) % 9) * interval '1 hour' + (i % 60) * interval '1 minute') as at,
        case when abs(hashint4(i + 8000000)) % 5 = 0 then 'outgoing' else 'incoming' end as direction,
        1 + abs(hashint4(i)) % ${ACTIONS.length} as a, 1 + abs(hashint4(i + 1000000)) % ${TOPICS.length} as t, 1 + abs(hashint4(i + 2000000)) % ${TAILS.length} as l,
        case when abs(hashint4(i + 3000000)) % 60 = 7 then 1 + abs(hashint4(i + 4000000)) % ${RARE.length} end as r,
        1 + abs(hashint4(i + 5000000)) % ${SENDERS.length} as s, 1 + abs(hashint4(i + 6000000)) % ${TYPES.length} as ty, 1 + abs(hashint4(i + 7000000)) % ${SIGNERS.length} as sg,
        (select string_agg(w, ' ') from (select (${arr(BODY)})[1 + abs(hashint4(i * 64 + k)) % ${BODY.length}] as w from generate_series(1, 40) k) words) as body
      from generate_series(1, ${o.count}) i
    ), y as (
      select g.*, extract(year from at at time zone 'Asia/Ho_Chi_Minh')::int as year from g
    ), taken as (
      -- numbers the unit already used in those years: the new ones follow them
      select direction, coalesce(incoming_year, number_year) as year, max(coalesce(incoming_number, number)) as last
      from documents where unit_id = ${o.unitId} group by 1, 2
    ), n as (
      select y.*, row_number() over (partition by y.direction, y.year order by at, i) + coalesce(taken.last, 0) as num
      from y left join taken on taken.direction = y.direction and taken.year = y.year
    ), v as (
      select n.*,
        'V/v ' || (${arr(actions.text)})[a] || ' ' || (${arr(topics.text)})[t] || coalesce(' ' || (${arr(rare.text)})[r], '') || ' ' || (${arr(tails.text)})[l] as subject,
        'v v ' || (${arr(actions.folded)})[a] || ' ' || (${arr(topics.folded)})[t] || coalesce(' ' || (${arr(rare.folded)})[r], '') || ' ' || (${arr(tails.folded)})[l] as subject_f,
        case when direction = 'incoming' then (${arr(senders.text)})[s] end as sender,
        case when direction = 'incoming' then (${arr(senders.folded)})[s] || ' ' else '' end as sender_f,
        case when direction = 'incoming' then (${arr(senderAbbr.text)})[s] else ${issuer} end as abbr,
        case when direction = 'incoming' then (${arr(senderAbbr.folded)})[s] else ${fold(issuer)} end as abbr_f
      from n
    )
    insert into documents (public_id, unit_id, direction, type_code, subject, number_text, register_id, number, number_year,
      incoming_number, incoming_year, received_at, sender_name, channel, document_date, signer_name, signer_title, confidential, status,
      due_at, completed_at, search_text, created_by_name, created_at, updated_at)
    select
      substr(md5(${o.unitId}::text || '-' || i::text) || md5(i::text), 1, 22),
      ${o.unitId}, direction, (${arr(types)})[ty], subject,
      lpad(num::text, 2, '0') || '/' || case when (${arr(typeAbbr.text)})[ty] = '' then abbr || '-VP' else (${arr(typeAbbr.text)})[ty] || '-' || abbr end,
      case when direction = 'outgoing' then (select id from document_registers where unit_id = ${o.unitId} and code = 'di') end,
      case when direction = 'outgoing' then num end, case when direction = 'outgoing' then year end,
      case when direction = 'incoming' then num end, case when direction = 'incoming' then year end,
      case when direction = 'incoming' then at end, sender, case when direction = 'incoming' then 'electronic' end,
      (at - interval '2 days')::date, (${arr(signers.text)})[sg], 'Phó Chủ tịch', abs(hashint4(i + 9000000)) % 50 = 3,
      case when direction = 'outgoing' then 'issued' when at > now() - interval '30 days' then (array['registered','assigned','in_progress'])[1 + i % 3] else 'completed' end,
      at + interval '10 days', case when direction = 'incoming' and at <= now() - interval '30 days' then at + interval '7 days' end,
      -- as searchTextOf: subject, number, sender, signer, the files' text, folded
      subject_f || ' ' || lpad(num::text, 2, '0') || ' ' || case when (${arr(typeAbbr.folded)})[ty] = '' then abbr_f || ' vp' else (${arr(typeAbbr.folded)})[ty] || ' ' || abbr_f end
        || ' ' || sender_f || (${arr(signers.folded)})[sg] || ' ' || body,
      'Bench', at, at
    from v`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Searching a unit's documents (issue #8): full text over metadata and the files' text, ignoring diacritics and case
 * (`search_text` is folded, its words kept in the `search_vector` column with a GIN index, 005_search.sql), every
 * word required, the last one as a prefix; with filters (direction, type, sender, period of the document date or
 * of the date received, status, handler); sorted by relevance (ts_rank), then newest first; paged, with the count of
 * all matches, in one statement.
 *
 * Only the unit's own documents. Confidential ones (độ mật) only for those who may see them: the unit's leaders
 * (documents.assign: chairman, vice-chairman), the officials assigned to the document (main, co-handler, for
 * information), the one who holds it now, and the one who registered or drafted it. Everyone else gets no trace
 * of them, not even in the count.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { fold } from '../catalogue/index.ts';
import { parseQuery } from './domain/search-query.ts';
import type { ParsedQuery } from './domain/search-query.ts';
import type { Direction, DocumentStatus, Urgency } from './store.ts';

export const SEARCH_PAGE_SIZE = 20;
/** Pages beyond this are not served (a deep offset costs the whole sort): narrow the search instead. */
export const SEARCH_MAX_PAGE = 50;

export interface SearchFilters {
  q: string;
  direction?: Direction;
  typeCode?: string;
  /** Words of the sender's name (folded, all required, anywhere in the name). */
  sender?: string;
  /** Which date the period applies to: the document's own date, or when it was received (incoming) / made (outgoing). */
  dateField?: 'document' | 'received';
  /** YYYY-MM-DD, Vietnam days, inclusive. */
  from?: string;
  to?: string;
  status?: DocumentStatus;
  /** An official assigned to it (main or co-handler) or holding it now. */
  handlerId?: number;
  /** 1-based. */
  page?: number;
}

/** Who searches: their id, and whether they may see every confidential document of the unit. */
export interface Searcher {
  officialId: number;
  seesAllConfidential: boolean;
}

export interface SearchHit {
  id: number;
  publicId: string;
  direction: Direction;
  typeCode: string;
  subject: string;
  numberText: string | null;
  incomingNumber: number | null;
  incomingYear: number | null;
  senderName: string | null;
  documentDate: string | null;
  receivedAt: Date | null;
  createdAt: Date;
  status: DocumentStatus;
  urgency: Urgency;
  confidential: boolean;
  holderName: string | null;
  rank: number;
  /** Up to 400 characters of the folded text around the first query word (files' text included), for a snippet. */
  excerpt: string;
}

export interface SearchResult {
  query: ParsedQuery;
  total: number;
  page: number;
  pageSize: number;
  hits: SearchHit[];
}

/**
 * Accented Vietnamese letters and their plain ones, for the sender filter's fold in SQL (the name is stored as
 * written). Both cases: lower() of the "C" locale changes ASCII letters only.
 */
const ACCENTED = 'àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ';
const PLAIN = 'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd';
const FROM_CHARS = ACCENTED + ACCENTED.toUpperCase();
const TO_CHARS = PLAIN + PLAIN;
export const foldSql = (expression: RawBuilder<unknown>) => sql`lower(translate(${expression}, ${FROM_CHARS}, ${TO_CHARS}))`;

/** A document's date for sorting and the "received" period: when it arrived (incoming) or was made (outgoing). */
const DATE = sql`coalesce(d.received_at, d.created_at)`;

function conditions(unitId: number, f: SearchFilters, q: ParsedQuery, who: Searcher): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`d.unit_id = ${unitId}`];
  if (q.tsquery) where.push(sql`d.search_vector @@ to_tsquery('simple', ${q.tsquery})`);
  if (f.direction) where.push(sql`d.direction = ${f.direction}`);
  if (f.typeCode) where.push(sql`d.type_code = ${f.typeCode}`);
  if (f.status) where.push(sql`d.status = ${f.status}`);
  for (const word of f.sender ? fold(f.sender).split(' ').filter(Boolean).slice(0, 8) : []) {
    where.push(sql`strpos(${foldSql(sql`d.sender_name`)}, ${word}) > 0`);
  }
  if (f.from || f.to) {
    if (f.dateField === 'document') {
      if (f.from) where.push(sql`d.document_date >= ${f.from}::date`);
      if (f.to) where.push(sql`d.document_date <= ${f.to}::date`);
    } else {
      // Vietnam days: [from 00:00 +07, the day after `to` 00:00 +07).
      if (f.from) where.push(sql`${DATE} >= ${`${f.from}T00:00:00+07:00`}::timestamptz`);
      if (f.to) where.push(sql`${DATE} < ${`${f.to}T00:00:00+07:00`}::timestamptz + interval '1 day'`);
    }
  }
  if (f.handlerId) {
    where.push(sql`(d.holder_official_id = ${f.handlerId} or exists (select 1 from document_assignments a where a.document_id = d.id and a.official_id = ${f.handlerId} and a.role in ('main', 'co')))`);
  }
  if (!who.seesAllConfidential) {
    where.push(sql`(not d.confidential or d.holder_official_id = ${who.officialId} or d.created_by_id = ${who.officialId}
      or exists (select 1 from document_assignments a where a.document_id = d.id and a.official_id = ${who.officialId}))`);
  }
  return where;
}

export async function searchDocuments(db: Db, unitId: number, f: SearchFilters, who: Searcher): Promise<SearchResult> {
  const q = parseQuery(f.q);
  const page = Math.min(Math.max(1, Math.trunc(f.page ?? 1)), SEARCH_MAX_PAGE);
  const where = sql.join(conditions(unitId, f, q, who), sql` and `);
  const rank = q.tsquery ? sql`ts_rank(d.search_vector, to_tsquery('simple', ${q.tsquery}))` : sql`0`;
  // The excerpt (the text around the first query word's first occurrence, found by strpos: cheap, and the snippet
  // is then cut at word boundaries from it) is taken for the page's rows only, after the sort and the count.
  const first = q.words[0];
  const excerpt = first ? sql`substr(x.search_text, greatest(1, strpos(x.search_text, ${first}) - 200), 400)` : sql`''`;
  const rows = await sql<{
    id: string; public_id: string; direction: Direction; type_code: string; subject: string; number_text: string | null;
    incoming_number: number | null; incoming_year: number | null; sender_name: string | null; document_date: string | null;
    received_at: Date | null; created_at: Date; status: DocumentStatus; urgency: Urgency; confidential: boolean; holder_name: string | null;
    rank: number; excerpt: string; total: string;
  }>`select x.id, x.public_id, x.direction, x.type_code, x.subject, x.number_text, x.incoming_number, x.incoming_year, x.sender_name,
      to_char(x.document_date, 'YYYY-MM-DD') as document_date, x.received_at, x.created_at, x.status, x.urgency, x.confidential, x.holder_name,
      p.rank, p.total, ${excerpt} as excerpt
    from (
      -- Narrow rows (id, rank, date) through the sort and the count: the whole rows are read for the page only.
      select m.id, m.rank, m.sort_date, count(*) over () as total
      from (select d.id, ${rank}::float8 as rank, ${DATE} as sort_date from documents d where ${where}) m
      order by m.rank desc, m.sort_date desc, m.id desc
      limit ${SEARCH_PAGE_SIZE} offset ${(page - 1) * SEARCH_PAGE_SIZE}) p
    join documents x on x.id = p.id
    order by p.rank desc, p.sort_date desc, p.id desc`.execute(db);
  let total = rows.rows.length > 0 ? Number(rows.rows[0]!.total) : 0;
  if (rows.rows.length === 0 && page > 1) {
    // Past the last page: the count still tells how many there are.
    total = Number((await sql<{ n: string }>`select count(*) as n from documents d where ${where}`.execute(db)).rows[0]!.n);
  }
  return {
    query: q, total, page, pageSize: SEARCH_PAGE_SIZE,
    hits: rows.rows.map((r) => ({
      id: Number(r.id), publicId: r.public_id, direction: r.direction, typeCode: r.type_code, subject: r.subject, numberText: r.number_text,
      incomingNumber: r.incoming_number === null ? null : Number(r.incoming_number), incomingYear: r.incoming_year === null ? null : Number(r.incoming_year),
      senderName: r.sender_name, documentDate: r.document_date, receivedAt: r.received_at, createdAt: r.created_at,
      status: r.status, urgency: r.urgency, confidential: r.confidential, holderName: r.holder_name, rank: Number(r.rank), excerpt: r.excerpt,
    })),
  };
}


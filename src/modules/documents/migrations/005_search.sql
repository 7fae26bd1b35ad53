-- Search over documents (issue #8, part L): the words of search_text kept as a tsvector column, so that ranking the
-- matches (ts_rank) reads a stored vector instead of parsing every matching row's text again: ten times faster on
-- common words over 100,000 documents (docs/PERFORMANCE.md, measure 10). A trigger keeps it in step with
-- search_text on every insert and update (a restore's inserted value is recomputed too), so writers keep setting
-- search_text only. Queries match `search_vector @@ to_tsquery('simple', …)`; the expression index of
-- 001_documents.sql is replaced by one on the column (one GIN index to maintain per registration, not two).
alter table documents add column search_vector tsvector not null default ''::tsvector;

create function documents_search_vector() returns trigger language plpgsql as $$
begin
  new.search_vector := to_tsvector('simple', new.search_text);
  return new;
end
$$;
create trigger documents_search_vector before insert or update of search_text on documents
  for each row execute function documents_search_vector();

update documents set search_vector = to_tsvector('simple', search_text);
drop index documents_search;
create index documents_search_vector on documents using gin (search_vector);
-- Listing a unit's documents newest first (a search with filters and no words).
create index documents_unit_date on documents (unit_id, (coalesce(received_at, created_at)) desc, id desc);

-- Editing the catalogue: drafts, publication with an effective date, and versions that never change once published.
-- Records keep the id of the version they were filed under (procedures.id), so a published row is final:
-- the province corrects it by publishing a new version.

-- A draft has no effective date until it is published.
alter table procedures alter column effective_from drop not null;
alter table procedures add constraint procedures_published_has_date check (status = 'draft' or effective_from is not null);

-- Who published a version and when (the audit log has the full entry); a revision number for edits of a draft,
-- so that two people saving the same draft cannot overwrite each other unseen.
alter table procedures add column published_at timestamptz;
alter table procedures add column published_by_id bigint;
alter table procedures add column published_by_name text;
alter table procedures add column updated_at timestamptz not null default now();
alter table procedures add column revision integer not null default 1 check (revision >= 1);
update procedures set published_at = created_at, updated_at = created_at where status = 'published';

-- At most one draft of each code: "new version" and imports open it, publication closes it.
create unique index procedures_one_draft on procedures (code) where status = 'draft';

-- A published version and its components cannot be changed or deleted (inserting them, as the seed and a restore do,
-- stays possible; the application only ever inserts drafts' components afterwards).
create function procedures_published_are_final() returns trigger language plpgsql as $$
begin
  if old.status = 'published' then
    raise exception 'procedure % version % is published and cannot be changed', old.code, old.version;
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end
$$;
create trigger procedures_published_are_final before update or delete on procedures
  for each row execute function procedures_published_are_final();

create function procedure_components_published_are_final() returns trigger language plpgsql as $$
begin
  if exists (select 1 from procedures p where p.id = old.procedure_id and p.status = 'published') then
    raise exception 'the components of published procedure version % cannot be changed', old.procedure_id;
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end
$$;
create trigger procedure_components_published_are_final before update or delete on procedure_components
  for each row execute function procedure_components_published_are_final();

-- Facts the service-index indicators (Decision 766, issue #7) read from each record without its history.
alter table records
  -- NgayKetThucXuLy: when processing first ended (status 3, 7, 8, 9 or 10), set once by the status change.
  add column finished_at timestamptz,
  -- HoSoCoThanhPhanSoHoa: at intake a component was covered by the applicant's earlier digital result (indicator 4.3).
  add column reused_data boolean not null default false;

update records r set finished_at = (
  select min(e.at) from record_events e where e.record_id = r.id and e.kind = 'status' and e.to_status in (3, 7, 8, 9, 10)
) where r.status in (3, 7, 8, 9, 10);

-- The indicators read the records of a unit received before the end of a period and not finished before its start.
create index records_indicator_window on records (unit_id, received_at) include (finished_at) where received_at is not null;

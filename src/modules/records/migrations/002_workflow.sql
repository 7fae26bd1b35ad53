-- The back office's facts about a record: when it was received and is due, who holds it, how it ends.
alter table records
  add column received_at timestamptz,
  -- The appointment (NgayHenTra): computed by the working-day calendar at intake, moved by pauses and by one extension (Mẫu 04).
  add column due_at timestamptz,
  add column original_due_at timestamptz,
  add column extended_at timestamptz,
  add column extension_reason text,
  -- While the record waits for the citizen (statuses 5 and 6) the clock stops.
  add column paused_at timestamptz,
  add column supplement_requests integer not null default 0 check (supplement_requests >= 0),
  -- The official who holds the record now, and the internal step (index into the procedure's internal steps).
  add column holder_official_id bigint,
  add column holder_name text,
  add column step_index integer not null default 0 check (step_index >= 0),
  add column step_started_at timestamptz,
  -- Waiting for the leader's approval of the drafted result.
  add column awaiting_approval boolean not null default false,
  add column decided_at timestamptz,
  add column decision_reason text,
  add column returned_at timestamptz,
  add column returned_via text check (returned_via in ('desk', 'post', 'electronic')),
  -- Optimistic concurrency: every change bumps it; a change made against an old version is refused.
  add column version integer not null default 1 check (version >= 1);

create index records_due on records (unit_id, due_at) where status in (2, 4) and due_at is not null;
create index records_holder on records (holder_official_id, status) where holder_official_id is not null;

alter table record_events drop constraint record_events_kind_check;
alter table record_events add constraint record_events_kind_check
  check (kind in ('status', 'message', 'supplement_request', 'supplement', 'withdrawal_request', 'rating', 'handover', 'extension', 'approval', 'result'));
-- The control slip (Mẫu 06): a hand-over names who gave, who received, and whether the step was early, on time or late.
alter table record_events
  add column to_official_id bigint,
  add column to_name text,
  add column step_result text check (step_result in ('early', 'on_time', 'late'));

alter table record_files drop constraint record_files_kind_check;
alter table record_files add constraint record_files_kind_check check (kind in ('attachment', 'supplement', 'scan', 'result'));

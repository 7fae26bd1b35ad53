-- Reporting (issue #7): the province's scoring settings for the Decision 766 indicators. The decision fixes the
-- groups' maxima and some thresholds; the rest (points inside groups 1–4, targets, label cut-offs) is set here.
-- One row per province; absent, the defaults of reports/domain/settings.ts apply.
create table report_settings (
  unit_id bigint primary key references units (id),
  settings jsonb not null check (jsonb_typeof(settings) = 'object'),
  -- Optimistic concurrency: a save made against an old version is refused.
  version integer not null default 1 check (version >= 1),
  updated_at timestamptz not null default now(),
  updated_by_id bigint not null,
  updated_by_name text not null
);

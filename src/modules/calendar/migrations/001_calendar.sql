-- The working-day calendar's data (lịch làm việc): each year's official schedule of public offices as entries per
-- date, on top of the public holidays the application computes from the Labour Code (BLLĐ 2019 Art. 112) and the
-- lunar calendar. Install-wide reference data set by the province: no unit_id.
create table calendar_entries (
  day date primary key,
  -- holiday: a holiday day the rules do not compute; day_off: a weekday off by a swap (hoán đổi);
  -- compensating_day_off: nghỉ bù for a holiday on a weekend; working_saturday: ngày làm bù.
  kind text not null check (kind in ('holiday', 'day_off', 'compensating_day_off', 'working_saturday')),
  name text not null check (length(name) between 1 and 200),
  -- The document that decides it (Thông báo 9441/TB-BNV…).
  source text not null default '' check (length(source) <= 300),
  created_at timestamptz not null default now(),
  check (kind <> 'working_saturday' or extract(isodow from day) = 6),
  check (kind not in ('day_off', 'compensating_day_off') or extract(isodow from day) between 1 and 5),
  check (day between date '2021-01-01' and date '2100-12-31')
);

-- The years whose official schedule was recorded as a whole: shipped with the application (seeded once at start-up,
-- never again, so an administrator's removals stay removed) or imported by an administrator.
create table calendar_schedules (
  year integer primary key check (year between 2021 and 2100),
  source text not null default '' check (length(source) <= 1000),
  origin text not null check (origin in ('built_in', 'import')),
  recorded_at timestamptz not null default now()
);

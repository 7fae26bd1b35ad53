-- Append-only, hash-chained audit log. Each entry's hash covers its fields and the previous hash,
-- so editing, deleting or reordering any row breaks the chain; audit_head pins the latest entry so
-- that removing the newest rows is detected too.
create table audit_log (
  seq bigint primary key,
  unit_id bigint references units (id),
  actor_kind text not null check (actor_kind in ('official', 'citizen', 'system', 'anonymous')),
  actor_id bigint,
  actor_name text not null default '',
  action text not null,
  target_type text not null default '',
  target_id text not null default '',
  details jsonb not null default '{}',
  at timestamptz not null,
  ip text not null default '',
  user_agent text not null default '',
  prev_hash text not null,
  hash text not null
);
create index audit_log_unit on audit_log (unit_id, seq);

create table audit_head (
  id integer primary key check (id = 1),
  seq bigint not null,
  hash text not null
);
insert into audit_head (id, seq, hash) values (1, 0, repeat('0', 64));

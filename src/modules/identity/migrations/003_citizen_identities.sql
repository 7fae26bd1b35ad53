-- Citizens who sign in through OpenID Connect (the national identity app, VNeID): an account may then have
-- no password, phone or email, only the personal ID number the provider vouched for.
alter table citizens alter column password_hash drop not null;

-- The 12-digit personal ID number (số định danh cá nhân). An account holds one only once it is verified
-- ('oidc': the provider sent it; 'in_person': checked at the counter), so linking a sign-in to an existing
-- account by this number never trusts a number someone merely typed.
alter table citizens add column id_number text check (id_number ~ '^[0-9]{12}$');
alter table citizens add column id_verified_with text check (id_verified_with in ('oidc', 'in_person'));
alter table citizens add column id_verified_at timestamptz;
alter table citizens add constraint citizens_id_verified check ((id_number is null) = (id_verified_with is null) and (id_number is null) = (id_verified_at is null));
create unique index citizens_id_number on citizens (id_number);

alter table citizens drop constraint citizens_check;
alter table citizens add constraint citizens_contact check (phone is not null or email is not null or id_number is not null);

-- Which provider account (issuer + subject) signs in as which citizen. A citizen may have several.
create table citizen_identities (
  issuer text not null check (length(issuer) between 1 and 500),
  subject text not null check (length(subject) between 1 and 255),
  citizen_id bigint not null references citizens (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_used_at timestamptz not null default now(),
  primary key (issuer, subject)
);
create index citizen_identities_citizen on citizen_identities (citizen_id);

-- The electronic result's signatures: the leader's signature makes it a signed document kept under a
-- verification link (signed_documents.public_id of the signatures module); the clerk's seal comes after.
alter table records
  add column result_public_id text,
  add column result_sealed_at timestamptz,
  add constraint records_sealed_needs_signed check (result_sealed_at is null or result_public_id is not null);

-- Outgoing documents (issue #8, part J): what a draft drawn from the template says (to draw the next version and
-- the register from), and the signed document's handle in the signatures module (for the seal over the leader's
-- signature and its public verification link).
alter table documents add column draft_template jsonb;
alter table documents add column signed_public_id text check (signed_public_id ~ '^[A-Za-z0-9_-]{22}$');
-- The drafter, and the last official who sent it back (the workqueue "returned to me").
create index documents_outgoing_creator on documents (created_by_id, status) where direction = 'outgoing';

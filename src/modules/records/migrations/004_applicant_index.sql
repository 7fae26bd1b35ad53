-- Records by the applicant's ID number: the citizen's own list (records filed for a verified number) and the
-- desk's search for earlier results the applicant can reuse at intake.
create index records_applicant_id_number on records (applicant_id_number, status);

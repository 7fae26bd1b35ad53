-- The workqueues that list open records by appointment (overdue, due soon, in progress, mine: store.ts listRecords)
-- read the first page in this order. Without it the overdue page of a commune with 10,000 open records read every
-- overdue row (a bitmap heap scan of 2,000 rows) and sorted them to show 30; with it the first page is read in
-- order and stops after 30 rows (docs/PERFORMANCE.md, measure 5). records_due (unit_id, due_at) still serves
-- the counts.
create index records_open_by_due on records (due_at, id) where status in (2, 4);

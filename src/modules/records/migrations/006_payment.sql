-- How a record's fee was paid (issue #6): when, how much, through which channel, by which method. Set once,
-- by `recordPaymentInTrx` (an online payment the payments module settled, or cash or a transfer the desk
-- recorded with "confirm payment"); all four are set together or not at all.
alter table records
  add column paid_at timestamptz,
  -- Integer đồng.
  add column paid_amount bigint check (paid_amount >= 0),
  -- DuocThanhToanTrucTuyen of the national portal: 0 not online (at the desk), 1 the national payment
  -- platform (DVCQG), 2 a provincial or ministry payment platform.
  add column payment_channel smallint check (payment_channel between 0 and 2),
  add column payment_method text check (payment_method in ('online', 'cash', 'transfer')),
  add constraint records_payment_complete check (
    (paid_at is null) = (paid_amount is null) and (paid_at is null) = (payment_channel is null) and (paid_at is null) = (payment_method is null)
  ),
  add constraint records_payment_online_channel check (payment_method is null or (payment_method = 'online') = (payment_channel <> 0));

-- The payment is a line of the record's history.
alter table record_events drop constraint record_events_kind_check;
alter table record_events add constraint record_events_kind_check
  check (kind in ('status', 'message', 'supplement_request', 'supplement', 'withdrawal_request', 'rating', 'handover', 'extension', 'approval', 'result', 'payment'));

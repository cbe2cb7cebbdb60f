-- When the holder last checked its lease before journalling an action. The check writes this column, so that on a
-- replicated database (Galera certifies at commit and does not replicate read locks) an intent and a concurrent
-- takeover on another node touch the same row: one of the two commits fails, and a deposed leader's action is never
-- journalled after the lease changed hands.
ALTER TABLE leadership_lease ADD COLUMN checked_at DATETIME(6) NULL;

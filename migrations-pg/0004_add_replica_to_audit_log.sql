-- Which replica wrote each audit entry: each replica's metrics count what it did, so that summing
-- the replicas' counters counts every release once. A replica sets `release_bot.replica` (its
-- RELEASE_BOT_REPLICA_ID) on each of its connections; entries written before this migration have none.
ALTER TABLE audit_log ADD COLUMN replica TEXT;
ALTER TABLE audit_log ALTER COLUMN replica SET DEFAULT current_setting('release_bot.replica', true);
CREATE INDEX audit_log_replica ON audit_log (replica, id);

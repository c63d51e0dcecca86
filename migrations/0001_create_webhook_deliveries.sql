-- Every webhook or build notice the bot accepted, keyed by its delivery id so a redelivery does nothing.
CREATE TABLE webhook_deliveries (
  id          TEXT PRIMARY KEY,          -- X-GitHub-Delivery (or a hash of a build notice)
  source      TEXT NOT NULL,             -- github | build
  event       TEXT NOT NULL,             -- push, ping, package, build...
  payload     TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'skipped', 'failed')),
  outcome     TEXT,                      -- why it was skipped, what it made, or the error
  received_at TEXT NOT NULL,
  handled_at  TEXT
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (status) WHERE status = 'pending';

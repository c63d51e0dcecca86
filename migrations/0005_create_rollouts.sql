-- One row per rollout of a connector image. Its status moves forward one durable step at a time (DESIGN.md §5).
CREATE TABLE rollouts (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  connector_id   TEXT NOT NULL,
  version        TEXT NOT NULL,
  image          TEXT NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('build', 'manual', 'rollback')),
  source         TEXT NOT NULL CHECK (source IN ('build-notice', 'github-package', 'slack')),
  build_key      TEXT UNIQUE,            -- connector@version of a build: the same build twice makes one rollout
  status         TEXT NOT NULL CHECK (status IN ('received', 'held', 'deploying', 'deployed', 'failed', 'rolled_back')),
  needs_approval INTEGER NOT NULL DEFAULT 0,
  requested_by   TEXT,
  approved_by    TEXT,
  release_id     INTEGER REFERENCES releases (id),
  rollback_of    INTEGER REFERENCES rollouts (id),
  channel        TEXT NOT NULL,
  thread_ts      TEXT,                   -- the parent message: the release's, or the rollout's own
  own_message    INTEGER NOT NULL DEFAULT 1,
  reported       TEXT,                   -- the last status told in Slack
  attempts       INTEGER NOT NULL DEFAULT 0,
  result         TEXT,                   -- what the deployer did
  error          TEXT,
  received_at    TEXT NOT NULL,
  started_at     TEXT,
  finished_at    TEXT,
  updated_at     TEXT NOT NULL
);
-- One rollout in flight per connector: the next one waits (received) until it is done.
CREATE UNIQUE INDEX rollouts_one_in_flight ON rollouts (connector_id) WHERE status = 'deploying';
CREATE INDEX rollouts_by_connector ON rollouts (connector_id, id);

-- Connectors whose automatic rollouts are paused. Unpinning keeps the row (who, when).
CREATE TABLE connector_pins (
  connector_id TEXT PRIMARY KEY,
  pinned       INTEGER NOT NULL,
  image        TEXT,
  version      TEXT,
  reason       TEXT NOT NULL,
  pinned_by    TEXT NOT NULL,
  pinned_at    TEXT NOT NULL,
  unpinned_by  TEXT,
  unpinned_at  TEXT
);

-- A release train: one row per batch, one release row per connector in it (releases.batch_id).
CREATE TABLE batches (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  status        TEXT NOT NULL CHECK (status IN ('proposed', 'running', 'done', 'cancelled')),
  forced_bump   TEXT CHECK (forced_bump IN ('patch', 'minor', 'major')),
  left_out      TEXT NOT NULL,          -- JSON: connectors not in the train and why
  channel       TEXT NOT NULL,
  message_ts    TEXT,
  trigger       TEXT NOT NULL,          -- command | push
  requested_by  TEXT,
  approved_by   TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX batches_running ON batches (status) WHERE status = 'running';

ALTER TABLE releases ADD COLUMN batch_id INTEGER REFERENCES batches (id);
CREATE INDEX releases_by_batch ON releases (batch_id) WHERE batch_id IS NOT NULL;

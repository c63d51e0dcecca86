-- One row per person who approved a proposal or a release train (`policies:` may ask for several).
-- A change of bump voids the approvals so far (people approved a version): the rows stay, with voided_at.
CREATE TABLE approvals (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  release_id  INTEGER REFERENCES releases (id),
  batch_id    INTEGER REFERENCES batches (id),
  user        TEXT NOT NULL,            -- Slack user ID
  at          TEXT NOT NULL,
  voided_at   TEXT,
  CHECK ((release_id IS NULL) <> (batch_id IS NULL))
);
-- Two clicks by one person count once.
CREATE UNIQUE INDEX approvals_once_per_release ON approvals (release_id, user) WHERE release_id IS NOT NULL AND voided_at IS NULL;
CREATE UNIQUE INDEX approvals_once_per_batch ON approvals (batch_id, user) WHERE batch_id IS NOT NULL AND voided_at IS NULL;

-- The approval rules a proposal or a train was made under (JSON), and who pushed a proposal's commit (a GitHub login).
ALTER TABLE batches ADD COLUMN policy TEXT;
ALTER TABLE releases ADD COLUMN policy TEXT;
ALTER TABLE releases ADD COLUMN pushed_by TEXT;

-- foreign_keys: off
-- A proposal past its policy's expireAfter becomes 'expired'. SQLite cannot change a CHECK in
-- place: the table is made again and copied (https://www.sqlite.org/lang_altertable.html#otheralter),
-- with foreign keys off around this migration and checked before it commits.
CREATE TABLE releases_new (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  repo            TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'tagged', 'published', 'notified', 'skipped', 'cancelled', 'expired', 'failed')),
  sha             TEXT NOT NULL,          -- the commit the proposal was made for; the tag goes here
  default_branch  TEXT NOT NULL,
  repo_url        TEXT NOT NULL,
  tag_prefix      TEXT NOT NULL,
  current_tag     TEXT,
  current_version TEXT,
  suggested_bump  TEXT,                   -- what the commits call for
  bump            TEXT NOT NULL CHECK (bump IN ('patch', 'minor', 'major')),
  pre             TEXT,
  draft           INTEGER NOT NULL DEFAULT 0,
  next_version    TEXT NOT NULL,
  tag             TEXT NOT NULL,
  analysis        TEXT NOT NULL,          -- JSON: analysed commits and the reason for the bump
  notes_mode      TEXT NOT NULL CHECK (notes_mode IN ('conventional', 'github')),
  channel         TEXT NOT NULL,
  message_ts      TEXT,                   -- the proposal's parent message
  trigger         TEXT NOT NULL,          -- push | command | batch
  requested_by    TEXT,
  approved_by     TEXT,
  tag_object_sha  TEXT,
  release_id      INTEGER,
  release_url     TEXT,
  error           TEXT,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  batch_id        INTEGER REFERENCES batches (id),
  reported_status TEXT,                   -- the last status told in the release's thread
  policy          TEXT,                   -- JSON: the approval rules it was made under
  pushed_by       TEXT                    -- the GitHub login that pushed the commit
);
INSERT INTO releases_new SELECT id, repo, status, sha, default_branch, repo_url, tag_prefix, current_tag, current_version, suggested_bump, bump, pre, draft,
  next_version, tag, analysis, notes_mode, channel, message_ts, trigger, requested_by, approved_by, tag_object_sha, release_id, release_url, error,
  created_at, updated_at, batch_id, reported_status, policy, pushed_by FROM releases;
DROP TABLE releases;
ALTER TABLE releases_new RENAME TO releases;
CREATE UNIQUE INDEX releases_one_in_flight ON releases (repo) WHERE status IN ('approved', 'tagged', 'published');
CREATE INDEX releases_by_repo ON releases (repo, id);
CREATE INDEX releases_unfinished ON releases (status) WHERE status IN ('approved', 'tagged', 'published');
CREATE INDEX releases_by_batch ON releases (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX releases_open ON releases (status) WHERE status = 'proposed';

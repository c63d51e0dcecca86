-- One row per proposed release. Its status moves forward one durable step at a time (DESIGN.md §5).
CREATE TABLE releases (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  repo            TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('proposed', 'approved', 'tagged', 'published', 'notified', 'skipped', 'cancelled', 'failed')),
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
  updated_at      TEXT NOT NULL
);
-- One release in flight per repository: a second approval cannot start another.
CREATE UNIQUE INDEX releases_one_in_flight ON releases (repo) WHERE status IN ('approved', 'tagged', 'published');
CREATE INDEX releases_by_repo ON releases (repo, id);
CREATE INDEX releases_unfinished ON releases (status) WHERE status IN ('approved', 'tagged', 'published');

-- Ad hoc freezes (`/release freeze [<repo>|all] <reason>`): one open row per scope until `/release unfreeze` lifts it.
CREATE TABLE freezes (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  scope      TEXT NOT NULL,            -- a repository, or 'all'
  reason     TEXT NOT NULL,
  frozen_by  TEXT NOT NULL,            -- Slack user ID
  frozen_at  TEXT NOT NULL,
  lifted_by  TEXT,
  lifted_at  TEXT
);
CREATE UNIQUE INDEX freezes_one_open_per_scope ON freezes (scope) WHERE lifted_at IS NULL;

-- Break-glass: who released anyway, why, and which gates it passed ('freeze', 'checks'; comma-separated).
-- A gate reads these rows: a release with a bypass of its gate goes on.
CREATE TABLE bypasses (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  release_id  INTEGER NOT NULL REFERENCES releases (id),
  by          TEXT NOT NULL,           -- Slack user ID
  reason      TEXT NOT NULL,
  what        TEXT NOT NULL,
  at          TEXT NOT NULL
);
CREATE INDEX bypasses_by_release ON bypasses (release_id);

-- The freeze a proposal was made under, or that holds an approved release (JSON); null when none.
ALTER TABLE releases ADD COLUMN frozen TEXT;

-- One row per Slack message the bot owes (DESIGN.md §5, §6), written in the transaction that
-- decided it and sent by one sender, in id order within a lane (one thread).
CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  key         TEXT NOT NULL UNIQUE,    -- sent as message metadata, so an uncertain send can be found again
  lane        TEXT NOT NULL,           -- release:12, batch:3: messages of one lane go out in order
  kind        TEXT NOT NULL CHECK (kind IN ('post', 'update')),
  channel     TEXT NOT NULL,
  ref_ts      TEXT,                    -- post: the thread to reply in; update: the message to update
  ref_key     TEXT,                    -- the same, by the key of an outbox row whose ts is known once it is sent
  message     TEXT NOT NULL,           -- JSON { text, blocks }
  records     TEXT,                    -- JSON { table, id }: where the sent message's ts is remembered
  status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  revision    INTEGER NOT NULL DEFAULT 0,   -- a pending update takes the newest content in place
  attempts    INTEGER NOT NULL DEFAULT 0,
  in_doubt    INTEGER NOT NULL DEFAULT 0,   -- a send began and its answer was never recorded
  not_before  TEXT NOT NULL,
  ts          TEXT,
  error       TEXT,
  created_at  TEXT NOT NULL,
  sent_at     TEXT
);
CREATE INDEX outbox_pending ON outbox (lane, id) WHERE status = 'pending';

-- /healthz writes one row here to prove the database takes writes.
CREATE TABLE health_check (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL);

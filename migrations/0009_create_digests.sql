-- One row per weekly digest sent: the first bot (or replica) to insert the week's row owes the digest, in the same transaction.
CREATE TABLE digests (
  week       TEXT PRIMARY KEY,   -- ISO week in the digest's time zone, e.g. 2026-W14
  claimed_at TEXT NOT NULL
);

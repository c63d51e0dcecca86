-- Append-only: every change of status and every refused attempt, with who, when and why.
CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,             -- Slack user ID, or 'bot', or 'github'
  subject_type TEXT NOT NULL,             -- release | batch | rollout | delivery
  subject_id   TEXT NOT NULL,
  action       TEXT NOT NULL,             -- propose, approve, refuse, tag, publish, notify, fail, skip, change-bump...
  from_status  TEXT,
  to_status    TEXT,
  reason       TEXT
);
CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- The checks gate (`requireChecks: true`): what CI said of the proposed commit when it was last
-- read (JSON: the summary, the gate's verdict, when, and whether the thread was told it waits).
ALTER TABLE releases ADD COLUMN checks TEXT;

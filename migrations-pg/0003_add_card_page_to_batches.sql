-- SQLite's 0015: the page of connectors a release train's card shows, kept on the row so that
-- whichever replica updates the card next shows the page someone turned to on another.
ALTER TABLE batches ADD COLUMN card_page INTEGER NOT NULL DEFAULT 0;

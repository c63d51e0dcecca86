-- The page of connectors a release train's card shows: turned by anyone, kept on the row so that
-- whichever process updates the card next shows the same page.
ALTER TABLE batches ADD COLUMN card_page INTEGER NOT NULL DEFAULT 0;

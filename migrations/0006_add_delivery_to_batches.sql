-- The push delivery that proposed a release train: handling the same delivery again (after a crash) finds its train.
ALTER TABLE batches ADD COLUMN delivery_id TEXT;
CREATE UNIQUE INDEX batches_by_delivery ON batches (delivery_id) WHERE delivery_id IS NOT NULL;

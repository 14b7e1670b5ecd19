-- Each applied migration's SHA-256, so that a migration edited after it landed is caught
-- (storage/migrate.py refuses to upgrade a database whose applied files have changed).
-- Number 5 was free: this fills it. On a database that already has 6-8 it is applied after
-- them, which is fine, since it only adds this column.
ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text;

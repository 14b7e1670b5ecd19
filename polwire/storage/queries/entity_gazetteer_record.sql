INSERT INTO entity_gazetteer (id, checksum, entities) VALUES (true, %(checksum)s, %(entities)s)
ON CONFLICT (id) DO UPDATE
SET checksum = excluded.checksum, entities = excluded.entities, synced_at = now()

INSERT INTO import_files (file_key, scope, path, size_bytes, committed_offset, records,
                          finished_at, run_id, updated_at)
VALUES (%(file_key)s, %(scope)s, %(path)s, %(size_bytes)s, %(committed_offset)s, %(records)s,
        CASE WHEN %(finished)s THEN now() END, %(run_id)s, now())
ON CONFLICT (file_key, scope) DO UPDATE
SET path = EXCLUDED.path,
    committed_offset = greatest(import_files.committed_offset, EXCLUDED.committed_offset),
    records = greatest(import_files.records, EXCLUDED.records),
    finished_at = coalesce(import_files.finished_at, EXCLUDED.finished_at),
    run_id = EXCLUDED.run_id,
    updated_at = now()

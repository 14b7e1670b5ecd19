-- Move a source's alert state to this run's verdict; `changed` only when the verdict differs
-- from the state already alerted (and the run is newer than the one that set it).
WITH previous AS (
    SELECT status FROM source_alert_state WHERE source = %(source)s FOR UPDATE
),
moved AS (
    INSERT INTO source_alert_state AS s (source, status, run_id, changed_at)
    VALUES (%(source)s, %(status)s, %(run_id)s, %(now)s)
    ON CONFLICT (source) DO UPDATE
    SET status = excluded.status, run_id = excluded.run_id, changed_at = excluded.changed_at,
        delivered = '{}', delivery_error = NULL
    WHERE s.status <> excluded.status AND (s.run_id IS NULL OR s.run_id < excluded.run_id)
    RETURNING s.source
)
SELECT (SELECT status FROM previous) AS previous, EXISTS (SELECT 1 FROM moved) AS changed

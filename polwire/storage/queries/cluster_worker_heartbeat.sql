-- A live worker's heartbeat; returns the state it had, 'lost' when others gave it up meanwhile
-- (it is alive after all: it counts as running again).
WITH before AS (SELECT id, state FROM cluster_workers WHERE id = %(id)s FOR UPDATE)
UPDATE cluster_workers w
SET heartbeat_at = now(), state = 'running', stopped_at = NULL, stop_reason = NULL
FROM before
WHERE w.id = before.id
RETURNING before.state

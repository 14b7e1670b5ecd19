-- A crawl to send to the broker, unless the source already has one queued or running.
INSERT INTO crawl_dispatches (source, trigger, settings)
SELECT %(source)s, %(trigger)s, %(settings)s
WHERE %(force)s OR NOT EXISTS (
    SELECT 1 FROM crawl_dispatches
    WHERE source = %(source)s AND state IN ('queued', 'running') AND kind = 'crawl'
)
RETURNING id

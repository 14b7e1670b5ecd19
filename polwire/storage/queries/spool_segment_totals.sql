SELECT count(*), coalesce(sum(stored), 0), coalesce(sum(revised), 0), coalesce(sum(duplicate), 0)
FROM spool_segments
WHERE spool_key = %(spool_key)s

-- One drain at a time per spooled run (the scheduler's job and `polwire db drain-spool`).
SELECT pg_advisory_xact_lock(hashtextextended('polwire-spool:' || %(spool_key)s, 0))

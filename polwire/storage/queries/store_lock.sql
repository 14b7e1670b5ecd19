-- Held until the batch commits (any fixed number; the migrations lock is 7400931001).
SELECT pg_advisory_xact_lock(7400931003)

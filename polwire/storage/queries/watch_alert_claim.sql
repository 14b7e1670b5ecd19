-- The day's takedown alert of a source, claimed once: a row back means send it.
INSERT INTO watch_alerts (source, day, gone)
VALUES (%(source)s, %(day)s, %(gone)s)
ON CONFLICT (source, day) DO NOTHING
RETURNING source

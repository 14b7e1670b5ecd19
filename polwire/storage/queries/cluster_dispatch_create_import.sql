-- The import of one archive file, to send to the broker (imports of one source may run at once).
INSERT INTO crawl_dispatches (source, trigger, settings, kind, params)
VALUES (%(source)s, 'import', %(settings)s, 'import', %(params)s)
RETURNING id

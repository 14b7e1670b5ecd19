-- Entities one of whose names (any script, lower-cased, or with spaces and hyphens dropped) or
-- whose id is the given name.
SELECT id, kind, name, names, short_names
FROM entities
WHERE id = %(name)s OR lookup && %(keys)s::text[]
ORDER BY id

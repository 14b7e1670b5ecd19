-- Settings for the whole session of a pooled connection (names and values as two arrays).
SELECT set_config(s.name, s.value, false)
FROM unnest(%(names)s::text[], %(values)s::text[]) AS s (name, value)

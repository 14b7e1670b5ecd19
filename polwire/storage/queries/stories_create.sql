-- Figures are filled by stories_refresh once the members are set.
INSERT INTO stories (id)
SELECT unnest(%(new_ids)s::bigint[])

-- Given articles, to tag with entities again (their text changed).
SELECT a.id, a.title, a.body, a.published_at, a.first_seen_at, a.language, a.countries
FROM articles a
WHERE a.id = ANY(%(ids)s::bigint[])
ORDER BY a.id

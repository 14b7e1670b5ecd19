SELECT e.id, e.kind, e.name, e.country, e.wikidata, e.names, e.short_names, e.offices,
       (SELECT count(*)::integer FROM article_entities ae WHERE ae.entity_id = e.id) AS articles,
       (SELECT coalesce(sum(ae.mentions), 0)::integer FROM article_entities ae
        WHERE ae.entity_id = e.id) AS mentions,
       (SELECT max(ae.dated_at) FROM article_entities ae WHERE ae.entity_id = e.id)
           AS last_dated_at
FROM entities e
WHERE e.id = %(id)s

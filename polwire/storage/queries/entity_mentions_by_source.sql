-- An entity's articles per day and source since a day (from entity_mentions_daily).
SELECT day, source, articles, mentions
FROM entity_mentions_daily
WHERE entity_id = %(id)s AND day >= %(since)s::date
ORDER BY day, source

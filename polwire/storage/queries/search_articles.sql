-- Rank the candidates of a search (the newest matches): weighted relevance discounted by age,
-- optionally one row per story, with a highlighted snippet for the rows returned.
WITH scored AS (
    SELECT a.id, a.story_id, coalesce(a.published_at, a.first_seen_at) AS dated_at,
           ts_rank('{0.1, 0.2, 0.4, 1.0}',
                   -- NULL: stored moments ago, not indexed yet (storage/search_index.py)
                   coalesce(a.search_vector,
                            polwire_article_search_vector(
                                a.title, a.body, coalesce(a.published_at, a.first_seen_at),
                                a.source, a.countries)),
                   %(tsquery)s::tsquery, 1)
           / (1 + greatest(extract(epoch FROM %(now)s::timestamptz
                                      - coalesce(a.published_at, a.first_seen_at)), 0)
                  / 86400.0 / %(recency_days)s::float8) AS score
    FROM articles a
    WHERE a.id = ANY(%(ids)s::bigint[])
),
chosen AS (
    SELECT DISTINCT ON (CASE WHEN %(collapse)s::boolean THEN coalesce(story_id, -id) ELSE id END)
           id, dated_at, score
    FROM scored
    ORDER BY CASE WHEN %(collapse)s::boolean THEN coalesce(story_id, -id) ELSE id END,
             score DESC, dated_at DESC
),
top AS (
    SELECT id, dated_at, score
    FROM chosen
    ORDER BY CASE WHEN %(newest)s::boolean THEN extract(epoch FROM dated_at)
                  ELSE score END DESC,
             id DESC
    LIMIT %(limit)s
)
SELECT a.id, a.source, a.url, a.title, a.published_at, t.dated_at, a.section, a.language,
       a.countries, a.wire, a.story_id,
       CASE WHEN a.story_id IS NULL THEN 1
            ELSE (SELECT count(*) FROM articles s WHERE s.story_id = a.story_id)
       END AS story_size,
       t.score,
       -- ts_headline parses and stems all the text it is given: it gets the 1500 characters
       -- around the first word starting with the probe (a searched stem), not the whole body.
       CASE WHEN %(headline)s::boolean
            THEN ts_headline('english',
                             substr(a.body,
                                    greatest(1, regexp_instr(a.body, %(probe)s::text,
                                                             1, 1, 0, 'i') - 500),
                                    1500),
                             %(tsquery)s::tsquery, %(headline_options)s::text)
       END AS snippet,
       CASE WHEN %(headline)s::boolean THEN NULL ELSE left(a.body, 20000) END AS body_head
FROM top t
JOIN articles a ON a.id = t.id
ORDER BY CASE WHEN %(newest)s::boolean THEN extract(epoch FROM t.dated_at) ELSE t.score END DESC,
         a.id DESC

-- One article with the public column names, and whether its raw page is kept.
SELECT a.id, a.source, a.url, a.title, a.authors, a.published_at, a.modified_at, a.section,
       a.language, a.countries, a.wire, a.dateline, a.body, a.word_count, a.content_hash,
       a.story_id, a.first_seen_at, a.last_seen_at, a.run_id, a.field_layers,
       EXISTS (SELECT 1 FROM article_pages p WHERE p.article_id = a.id) AS has_raw_page,
       a.gone_at, a.gone_reason
FROM articles a
WHERE a.id = %(id)s

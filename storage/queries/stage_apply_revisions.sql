UPDATE articles a
SET title = s.title, authors = s.authors, published_at = coalesce(s.published_at, a.published_at),
    modified_at = s.modified_at, section = coalesce(s.section, a.section),
    language = coalesce(s.language, a.language), countries = s.countries,
    wire = s.wire, dateline = s.dateline, body = s.body, word_count = s.word_count,
    content_hash = s.content_hash, field_layers = s.field_layers,
    last_seen_at = greatest(a.last_seen_at, s.fetched_at)
FROM staged_matches m
JOIN staged_articles s ON s.ord = m.ord
WHERE m.action = 'revised' AND a.id = m.article_id

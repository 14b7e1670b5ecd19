-- An article's other editions (the same report in another language), best first.
SELECT a.id, a.source, a.language, a.title, a.url, a.published_at, l.score
FROM article_links l
JOIN articles a ON a.id = l.linked_article_id
WHERE l.article_id = %(id)s AND l.kind = 'edition'
ORDER BY l.score DESC, a.id

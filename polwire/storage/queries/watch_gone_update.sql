-- A takedown confirmed, or an article back: the article's row is written only then.
UPDATE articles
SET gone_at = %(gone_at)s, gone_reason = %(gone_reason)s
WHERE id = %(article_id)s
  AND (gone_at IS DISTINCT FROM %(gone_at)s OR gone_reason IS DISTINCT FROM %(gone_reason)s)

-- An article's watch state after a check; ``seen`` (its article answered) moves last_seen_at.
UPDATE articles
SET gone_at = %(gone_at)s, gone_reason = %(gone_reason)s,
    watch_suspect_at = %(suspect_at)s, watch_suspect_reason = %(suspect_reason)s,
    watch_due_at = %(due_at)s,
    last_seen_at = CASE WHEN %(seen)s THEN greatest(last_seen_at, %(checked_at)s)
                        ELSE last_seen_at END
WHERE id = %(article_id)s

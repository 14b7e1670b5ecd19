INSERT INTO spool_segments (spool_key, segment, articles, stored, revised, duplicate)
VALUES (%(spool_key)s, %(segment)s, %(articles)s, %(stored)s, %(revised)s, %(duplicate)s)

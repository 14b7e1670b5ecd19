SELECT 1 FROM spool_segments WHERE spool_key = %(spool_key)s AND segment = %(segment)s

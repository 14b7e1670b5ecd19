SELECT committed_offset, records, finished_at IS NOT NULL AS finished
FROM import_files
WHERE file_key = %(file_key)s AND scope = %(scope)s

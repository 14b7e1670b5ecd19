-- What `polwire db status` says of the server it is connected to. The data directory is
-- shown only to roles allowed to read it (superusers, pg_read_all_settings).
SELECT current_setting('server_version') AS version,
       current_database() AS database,
       pg_database_size(current_database()) AS database_size_bytes,
       CASE WHEN pg_has_role(current_user, 'pg_read_all_settings', 'member')
            THEN current_setting('data_directory') END AS data_directory

-- The server notices a vanished client (a machine that lost power) within ~25 s, not 2 h,
-- so a lock held on this session frees itself.
SELECT set_config('tcp_keepalives_idle', '10', false),
       set_config('tcp_keepalives_interval', '5', false),
       set_config('tcp_keepalives_count', '3', false)

-- Whether this session's transactions are read-only ('on' or 'off').
SHOW transaction_read_only

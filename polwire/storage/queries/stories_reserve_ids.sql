-- Ids for the stories a batch starts, reserved first so that members can name them.
SELECT nextval(pg_get_serial_sequence('stories', 'id')) FROM generate_series(1, %(count)s)

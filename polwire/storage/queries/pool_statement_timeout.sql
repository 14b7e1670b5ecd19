-- A time limit for the statements of the current transaction only.
SELECT set_config('statement_timeout', %(ms)s, true)

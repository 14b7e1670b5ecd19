-- Checks made, per source and outcome (polwire_watch_checks_total).
SELECT source, outcome, checks FROM article_check_totals ORDER BY 1, 2

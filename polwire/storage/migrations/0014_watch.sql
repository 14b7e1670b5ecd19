-- The watch (polwire watch): every check of a stored article, takedowns and their returns,
-- the revisit plan, and the validators of the stored page for conditional requests.

-- A takedown confirmed by a second check (gone_at: when it was first found gone); cleared
-- when the article comes back.
ALTER TABLE articles
    ADD COLUMN gone_at     timestamptz,
    ADD COLUMN gone_reason text;
-- polwire gone, /gone, /api/gone and polwire_articles_gone_total.
CREATE INDEX articles_gone ON articles (gone_at DESC) WHERE gone_at IS NOT NULL;
-- A pass over what a source stored since a date (polwire watch --since).
CREATE INDEX articles_source_first_seen ON articles (source, first_seen_at DESC);

-- Each article's place in the revisit plan, in a narrow table of its own: a check rewrites
-- this row, not the article's (whose search vector, body and seven indexes make an update
-- cost ten times as much). due_at: when the article is next due (1 h, 6 h, 1 d, 3 d, 7 d,
-- 14 d after it was first seen; [watch] days bounds it), NULL once no longer watched.
-- suspect_*: a first sighting of a takedown, waiting for its confirming check.
CREATE TABLE article_watch (
    article_id     bigint      PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    source         text        NOT NULL,
    due_at         timestamptz,
    suspect_at     timestamptz,
    suspect_reason text
);
-- The plan of what is due: a range scan of this index, not a scan of the archive.
CREATE INDEX article_watch_due ON article_watch (source, due_at) WHERE due_at IS NOT NULL;

INSERT INTO article_watch (article_id, source, due_at)
SELECT id, source, first_seen_at + interval '1 hour' FROM articles;

-- Every new article enters the plan (one statement per batch the store inserts).
CREATE FUNCTION polwire_article_watch_plan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO article_watch (article_id, source, due_at)
    SELECT n.id, n.source, n.first_seen_at + interval '1 hour' FROM new_articles n
    ON CONFLICT (article_id) DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER articles_watch_plan
    AFTER INSERT ON articles
    REFERENCING NEW TABLE AS new_articles
    FOR EACH STATEMENT EXECUTE FUNCTION polwire_article_watch_plan();

-- The validators of the stored response: sent back as If-None-Match / If-Modified-Since.
ALTER TABLE article_pages
    ADD COLUMN etag          text,
    ADD COLUMN last_modified text;

CREATE TABLE article_checks (
    id          bigserial   PRIMARY KEY,
    article_id  bigint      NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    checked_at  timestamptz NOT NULL DEFAULT now(),
    http_status integer,                 -- NULL: no answer (timeout, DNS, refused)
    outcome     text        NOT NULL
                CHECK (outcome IN ('unchanged', 'edited', 'moved', 'gone', 'back', 'walled',
                                   'error')),
    -- gone: the reason (http_404, http_410, redirect_home, redirect_section, removal_notice);
    -- error: the kind (http_503, TimeoutError, ...); moved: nothing (url says where).
    detail      text,
    confirmed   boolean     NOT NULL DEFAULT false,  -- gone: this check confirmed the takedown
    url         text        NOT NULL,                -- the URL checked
    final_url   text,                                -- where redirects ended, if elsewhere
    run_id      bigint      REFERENCES crawl_runs (id) ON DELETE SET NULL
);
CREATE INDEX article_checks_article ON article_checks (article_id, checked_at DESC);
CREATE INDEX article_checks_run ON article_checks (run_id);

-- Per source and outcome: what /metrics reports (polwire_watch_checks_total), kept by a
-- trigger so a scrape reads a few rows, not every check ever made.
CREATE TABLE article_check_totals (
    source  text   NOT NULL,
    outcome text   NOT NULL,
    checks  bigint NOT NULL,
    PRIMARY KEY (source, outcome)
);

CREATE FUNCTION polwire_article_check_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO article_check_totals AS t (source, outcome, checks)
    SELECT a.source, n.outcome, count(*)
    FROM new_checks n JOIN articles a ON a.id = n.article_id
    GROUP BY 1, 2
    ON CONFLICT (source, outcome) DO UPDATE SET checks = t.checks + EXCLUDED.checks;
    RETURN NULL;
END
$$;

CREATE TRIGGER article_checks_totals
    AFTER INSERT ON article_checks
    REFERENCING NEW TABLE AS new_checks
    FOR EACH STATEMENT EXECUTE FUNCTION polwire_article_check_totals();

-- The takedown alert ([watch] alert_gone_per_day): sent once per source and day.
CREATE TABLE watch_alerts (
    source  text        NOT NULL,
    day     date        NOT NULL,
    gone    integer     NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, day)
);

-- Political entities (polwire/entities): the gazetteer synced into `entities`, the entities each
-- article mentions, links between articles (editions of one report in several languages), and
-- mentions per entity, day and source for researchers.
CREATE TABLE entities (
    id          text  PRIMARY KEY,
    kind        text  NOT NULL,
    name        text  NOT NULL,
    names       jsonb NOT NULL DEFAULT '{}'::jsonb,  -- full forms by language: en, ja, ko, zh-Hans, ...
    short_names jsonb NOT NULL DEFAULT '{}'::jsonb,  -- short forms by language (Ishiba, 石破, LDP)
    country     text  NOT NULL,
    wikidata    text,
    offices     jsonb NOT NULL DEFAULT '[]'::jsonb,  -- [{office, of, portfolio, party, start, end}]
    -- Every full and short form, lower-cased: a name in any script or romanization finds it.
    lookup      text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX entities_lookup ON entities USING gin (lookup);
CREATE INDEX entities_country_kind ON entities (country, kind);

-- The checksum of the gazetteer last synced: a process skips an unchanged one.
CREATE TABLE entity_gazetteer (
    id        boolean     PRIMARY KEY DEFAULT true CHECK (id),
    checksum  text        NOT NULL,
    entities  integer     NOT NULL,
    synced_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE article_entities (
    article_id bigint      NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    entity_id  text        NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
    mentions   integer     NOT NULL CHECK (mentions > 0),
    -- The article's coalesce(published_at, first_seen_at), kept here so that an entity's
    -- newest articles come from this table's index alone.
    dated_at   timestamptz NOT NULL,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX article_entities_newest ON article_entities (entity_id, dated_at DESC, article_id);

CREATE TABLE article_links (
    article_id        bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    linked_article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind              text   NOT NULL CHECK (kind IN ('edition')),
    score             real   NOT NULL,
    PRIMARY KEY (article_id, linked_article_id, kind),
    CHECK (article_id <> linked_article_id)
);
CREATE INDEX article_links_linked ON article_links (linked_article_id);

CREATE VIEW entity_mentions_daily AS
SELECT ae.entity_id,
       (ae.dated_at AT TIME ZONE 'UTC')::date AS day,
       a.source,
       count(*)::integer AS articles,
       sum(ae.mentions)::integer AS mentions
FROM article_entities ae
JOIN articles a ON a.id = ae.article_id
GROUP BY ae.entity_id, (ae.dated_at AT TIME ZONE 'UTC')::date, a.source;

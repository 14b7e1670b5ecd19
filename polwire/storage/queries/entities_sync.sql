-- Upsert the gazetteer (a JSON array of entities) into entities; rows that did not change are
-- left alone. Entities no longer in the gazetteer are kept: their articles' tags stay.
INSERT INTO entities (id, kind, name, names, short_names, country, wikidata, offices, lookup)
SELECT r.id, r.kind, r.name, r.names, r.short_names, r.country, r.wikidata, r.offices,
       ARRAY(SELECT jsonb_array_elements_text(r.lookup))
FROM jsonb_to_recordset(%(entities)s::jsonb) AS r(
    id text, kind text, name text, names jsonb, short_names jsonb, country text,
    wikidata text, offices jsonb, lookup jsonb)
ON CONFLICT (id) DO UPDATE
SET kind = excluded.kind, name = excluded.name, names = excluded.names,
    short_names = excluded.short_names, country = excluded.country,
    wikidata = excluded.wikidata, offices = excluded.offices, lookup = excluded.lookup
WHERE (entities.kind, entities.name, entities.names, entities.short_names, entities.country,
       entities.wikidata, entities.offices, entities.lookup)
      IS DISTINCT FROM
      (excluded.kind, excluded.name, excluded.names, excluded.short_names, excluded.country,
       excluded.wikidata, excluded.offices, excluded.lookup)

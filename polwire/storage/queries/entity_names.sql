SELECT names, short_names FROM entities WHERE id = ANY(%(ids)s::text[])

SELECT checksum FROM entity_gazetteer

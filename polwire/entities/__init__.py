"""Political actors of the region: the gazetteer, its loader and the article tagger."""

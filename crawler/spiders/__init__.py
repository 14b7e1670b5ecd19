"""Spiders: one generic news spider, bound to a source definition by the spider loader."""

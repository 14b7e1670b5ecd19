"""polwire: a clean, deduplicated PostgreSQL archive of regional politics news (one import root
for everything but the Scrapy project's crawler, pipelines and scheduler)."""

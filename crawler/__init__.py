"""polwire's Scrapy project: settings, items, source registry, extraction and spiders."""

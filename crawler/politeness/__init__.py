"""Politeness beyond Scrapy's defaults: robots.txt Crawl-delay and Retry-After, per domain."""

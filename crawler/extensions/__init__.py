"""Scrapy extensions of polwire crawls."""

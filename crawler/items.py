"""The item a news spider yields (Scrapy's ``items.py``): defined in polwire.core.article_item,
where the pipelines below the crawler can name it without loading the extractor."""

from __future__ import annotations

from polwire.core.article_item import ArticleItem

__all__ = ["ArticleItem"]

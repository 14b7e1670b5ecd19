"""polwire's own Scrapy signals (sent with ``crawler.signals.send_catch_log``)."""

from __future__ import annotations

# The store pipeline committed every item it had been given so far (or had none to store):
# an import checkpoints its files on it. Not sent while a crawl spools.
batch_committed = object()

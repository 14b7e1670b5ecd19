"""Web archive files (WARC, ARC): reading their responses, writing a crawl's."""

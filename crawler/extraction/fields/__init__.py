"""The generic extractor's layers, a module per field; a reader gives its layer's answer or None."""

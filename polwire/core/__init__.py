"""The vocabulary every layer shares: the article model, stat keys, drop and skip reasons and the
text rules; it imports nothing of polwire's."""

"""Near-duplicate detection: shingles, MinHash sketches and the story-clustering decisions."""

"""Download handlers of polwire crawls."""

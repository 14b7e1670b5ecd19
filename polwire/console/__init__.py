"""The `polwire` command line: thin, it calls the crawler, scheduler and storage packages."""

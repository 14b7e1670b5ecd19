"""A run's life: starting, watching, stopping, closing and judging a crawl or import process, for
the command line, the scheduler and the cluster's workers."""

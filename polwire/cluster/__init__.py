"""The crawl cluster: the Celery app, the tasks it carries and the worker that runs them."""

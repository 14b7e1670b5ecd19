"""Item pipelines: normalize, validate, deduplicate, store; one role per module."""

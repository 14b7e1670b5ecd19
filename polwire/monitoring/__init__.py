"""Run monitoring: the summary of a run's stats, health checks against its history, alerts."""

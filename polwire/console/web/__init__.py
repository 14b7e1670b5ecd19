"""`polwire web`: the operator's dashboard, its JSON API and Prometheus metrics (ASGI app)."""

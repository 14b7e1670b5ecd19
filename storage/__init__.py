"""The only package that talks to PostgreSQL: connections, the embedded server, migrations, queries."""

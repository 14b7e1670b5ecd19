"""The only package that talks to PostgreSQL: connections, migrations, queries."""

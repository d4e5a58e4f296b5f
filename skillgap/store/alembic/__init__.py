"""The store's schema migrations, run by Alembic (see skillgap/store/migrations.py)."""

"""One Alembic revision a module; each is idempotent (it adds only what is missing)."""

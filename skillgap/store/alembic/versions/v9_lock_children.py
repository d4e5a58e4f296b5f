"""Run locks remember the process groups their holder started (the crawler child), so whoever
takes over the lock of a holder that died can end them too.

Revision ID: v9
Revises: v8
"""

from __future__ import annotations

import sqlalchemy as sa

from skillgap.store import migration_ops as ops

revision = "v9"
down_revision = "v8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not ops.has_table("locks"):  # a store without it is repaired from v1 on (migrations.py)
        return
    ops.add_missing_columns(
        "locks", [sa.Column("children", sa.Text, nullable=False, server_default="[]")]
    )


def downgrade() -> None:
    raise NotImplementedError("stores are only ever upgraded")

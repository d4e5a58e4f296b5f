"""Incremental duplicate grouping: what each posting looked like when last grouped.

NULL everywhere: the first regroup after the upgrade compares everything once.

Revision ID: v5
Revises: v4
"""

from __future__ import annotations

import sqlalchemy as sa

from skillgap.store import migration_ops as ops

revision = "v5"
down_revision = "v4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ops.add_missing_columns("postings", [sa.Column("grouped_hash", sa.String(64))])


def downgrade() -> None:
    raise NotImplementedError("stores are only ever upgraded")

"""Gone boards: ATS boards that answered 404/410, skipped by later crawls until checked.

Revision ID: v6
Revises: v5
"""

from __future__ import annotations

import sqlalchemy as sa

from skillgap.store import migration_ops as ops
from skillgap.store.schema import UTCDateTime

revision = "v6"
down_revision = "v5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ops.create_missing_table(
        "gone_boards",
        sa.Column("source", sa.String(200), primary_key=True),
        sa.Column("board", sa.String(500), primary_key=True),
        sa.Column("source_type", sa.String(32), nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("gone_at", UTCDateTime, nullable=False),
        sa.Column("checked_at", UTCDateTime, nullable=False),
        sa.Column("run_id", sa.Integer),
    )


def downgrade() -> None:
    raise NotImplementedError("stores are only ever upgraded")

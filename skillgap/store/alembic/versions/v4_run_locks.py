"""Run locks: one `pipeline` lock held in the store, with the runs its holder has open.

A store marked version 4 by an intermediate release may have the table without `runs`:
the column is added then too.

Revision ID: v4
Revises: v3
"""

from __future__ import annotations

import sqlalchemy as sa

from skillgap.store import migration_ops as ops
from skillgap.store.schema import UTCDateTime

revision = "v4"
down_revision = "v3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ops.create_missing_table(
        "locks",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("purpose", sa.Text),
        sa.Column("acquired_at", UTCDateTime, nullable=False),
        sa.Column("heartbeat_at", UTCDateTime, nullable=False),
        sa.Column("expires_after", sa.Float, nullable=False),
        sa.Column("runs", sa.Text, nullable=False, server_default="[]"),
    )
    ops.add_missing_columns(
        "locks", [sa.Column("runs", sa.Text, nullable=False, server_default="[]")]
    )


def downgrade() -> None:
    raise NotImplementedError("stores are only ever upgraded")

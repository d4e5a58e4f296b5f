"""Duplicate grouping: a text fingerprint and a group per posting, and the groups table.

Revision ID: v2
Revises: v1
"""

from __future__ import annotations

import sqlalchemy as sa

from skillgap.store import migration_ops as ops
from skillgap.store.records import text_fingerprint
from skillgap.store.schema import UTCDateTime

revision = "v2"
down_revision = "v1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ops.add_missing_columns(
        "postings",
        [sa.Column("text_fingerprint", sa.String(64)), sa.Column("dup_group", sa.Integer)],
    )
    ops.create_missing_table(
        "dup_groups",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("method", sa.String(8), nullable=False),
        sa.Column("grouped_at", UTCDateTime, nullable=False),
    )
    ops.create_missing_index("ix_postings_text_fingerprint", "postings", ["text_fingerprint"])
    ops.create_missing_index("ix_postings_dup_group", "postings", ["dup_group"])
    ops.backfill(
        "text_fingerprint",
        lambda r: text_fingerprint(r["description_text"] or ""),
        ("description_text",),
    )


def downgrade() -> None:
    raise NotImplementedError("stores are only ever upgraded")

"""Duplicate grouping by MinHash LSH: the band keys of each posting's text.

Made empty; every posting is marked not grouped (grouped_hash NULL) so the next grouping
computes the keys of every stored ad once, and from then on only those of new ones. The
groups themselves stay as they are until then; every row stays.

Revision ID: v8
Revises: v7
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from skillgap.store import migration_ops as ops

revision = "v8"
down_revision = "v7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if not ops.has_table("dup_bands"):
        op.create_table(
            "dup_bands",
            sa.Column("key", sa.BigInteger, nullable=False),
            sa.Column(
                "posting_id",
                sa.Integer,
                sa.ForeignKey("postings.id", ondelete="CASCADE", name="fk_dup_bands_posting"),
                nullable=False,
            ),
        )
        postings = sa.table("postings", sa.column("grouped_hash"))
        op.get_bind().execute(sa.update(postings).values(grouped_hash=None))
    ops.create_missing_index("ix_dup_bands_key", "dup_bands", ["key"])
    ops.create_missing_index("ix_dup_bands_posting_id", "dup_bands", ["posting_id"])


def downgrade() -> None:
    raise NotImplementedError("stores are only ever upgraded")

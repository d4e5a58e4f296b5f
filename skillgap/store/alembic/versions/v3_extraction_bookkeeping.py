"""Extraction bookkeeping: what each posting was tagged from, and with which taxonomy.

Mentions made before have no known taxonomy: their postings' extracted_* stay NULL, so the
next `skillgap extract` redoes them; their rows stay until then.

Revision ID: v3
Revises: v2
"""

from __future__ import annotations

import sqlalchemy as sa

from skillgap.store import migration_ops as ops
from skillgap.store.records import input_hash

revision = "v3"
down_revision = "v2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ops.add_missing_columns(
        "postings",
        [
            sa.Column("input_hash", sa.String(64)),
            sa.Column("extracted_hash", sa.String(64)),
            sa.Column("extracted_taxonomy", sa.String(64)),
        ],
    )
    ops.add_missing_columns("mentions", [sa.Column("taxonomy", sa.String(64))])
    ops.create_missing_index("ix_mentions_posting_id", "mentions", ["posting_id"])
    ops.create_missing_index("ix_mentions_skill", "mentions", ["skill"])
    ops.backfill("input_hash", input_hash, ("title", "company", "description_text"))


def downgrade() -> None:
    raise NotImplementedError("stores are only ever upgraded")

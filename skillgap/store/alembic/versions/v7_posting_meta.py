"""Posting meta: the levels an ad hires for, the fewest years it asks, the pay it states
(structured fields or text), and what they were read from.

NULL everywhere: the next `skillgap extract` reads them for every stored posting without
tagging it again; every row stays.

Revision ID: v7
Revises: v6
"""

from __future__ import annotations

import sqlalchemy as sa

from skillgap.store import migration_ops as ops

revision = "v7"
down_revision = "v6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    ops.add_missing_columns(
        "postings",
        [
            sa.Column("levels", sa.String(64)),
            sa.Column("years_min", sa.Integer),
            sa.Column("pay_min", sa.Float),
            sa.Column("pay_max", sa.Float),
            sa.Column("pay_currency", sa.String(16)),
            sa.Column("pay_period", sa.String(8)),
            sa.Column("meta_hash", sa.String(64)),
            sa.Column("meta_rules", sa.String(64)),
        ],
    )


def downgrade() -> None:
    raise NotImplementedError("stores are only ever upgraded")

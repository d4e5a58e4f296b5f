"""Each tagged posting's skills in one short row (`posting_skills`), so a report reads one
row a posting, not every mention (skillgap/store/skill_summary.py).

Made from the stored mentions of every posting that has none yet (about half a minute for
a million postings); every row stays.

Revision ID: v10
Revises: v9
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from skillgap.store import migration_ops as ops

revision = "v10"
down_revision = "v9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from skillgap.store.skill_summary import rebuild

    ops.create_missing_table(
        "posting_skills",
        sa.Column(
            "posting_id",
            sa.Integer,
            sa.ForeignKey("postings.id", ondelete="CASCADE", name="fk_posting_skills_posting"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("skills", sa.Text, nullable=False),
    )
    if ops.has_table("mentions"):
        rebuild(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("stores are only ever upgraded")

"""Postings, runs and skill mentions (schema version 1 of the hand-written migrations).

Revision ID: v1
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from skillgap.store.schema import UTCDateTime

revision = "v1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("sources", sa.Text, nullable=False),
        sa.Column("started_at", UTCDateTime, nullable=False),
        sa.Column("finished_at", UTCDateTime),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text),
        sa.Column("figures", sa.Text, nullable=False),
    )
    op.create_table(
        "postings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("source_type", sa.String(32), nullable=False),
        sa.Column("external_id", sa.String(500), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("company", sa.Text, nullable=False),
        sa.Column("location", sa.Text),
        sa.Column("remote", sa.Boolean),
        sa.Column("posted_at", UTCDateTime),
        sa.Column("salary_min", sa.Float),
        sa.Column("salary_max", sa.Float),
        sa.Column("salary_currency", sa.String(16)),
        sa.Column("salary_period", sa.String(8)),
        sa.Column("description_html", sa.Text),
        sa.Column("description_text", sa.Text, nullable=False),
        sa.Column("attribution", sa.Text),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("first_seen", UTCDateTime, nullable=False),
        sa.Column("last_seen", UTCDateTime, nullable=False),
        sa.Column("closed_at", UTCDateTime),
        sa.Column("first_run_id", sa.Integer),
        sa.Column("last_run_id", sa.Integer),
        sa.UniqueConstraint("source", "external_id", name="uq_postings_source_external_id"),
    )
    op.create_index("ix_postings_last_seen", "postings", ["last_seen"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "posting_id",
            sa.Integer,
            sa.ForeignKey("postings.id", ondelete="CASCADE", name="fk_mentions_posting"),
            nullable=False,
        ),
        sa.Column("skill", sa.String(100), nullable=False),
        sa.Column("section", sa.String(16), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("stores are only ever upgraded")

"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from skillgap.store import migration_ops as ops

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
    """Add only what is missing, so a store half-way there is repaired too."""
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    raise NotImplementedError("stores are only ever upgraded")

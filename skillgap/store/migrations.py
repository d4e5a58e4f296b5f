"""Create or upgrade a store's schema with Alembic, keeping every row.

The revisions live in skillgap/store/alembic/versions (v1...v5 are the versions of the
hand-written migrations that came before). A store those wrote (a `schema_version` table,
no `alembic_version`) is taken from v1 on: every revision adds only what is missing, so a
store half-way between two versions is repaired, whatever number it carries.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from skillgap.errors import SkillgapError

SCRIPTS = Path(__file__).with_name("alembic")
LEGACY_TABLE = "schema_version"  # the hand-written migrations' version table
LEGACY_LAST = 5  # the last version they wrote: its stores are taken from v1 on


class SchemaError(SkillgapError):
    """The database holds something this version cannot open or upgrade."""


def alembic_config(conn: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    if conn is not None:
        config.attributes["connection"] = conn
    return config


@cache
def head() -> str:
    """The newest revision this skillgap knows."""
    current = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert current is not None
    return current


def stored_revision(conn: Connection) -> str | None:
    """The store's revision ("v3" for version 3 of the hand-written migrations); None for an
    empty database; SchemaError for a foreign one or one newer than this skillgap."""
    tables = set(inspect(conn).get_table_names())
    revision = MigrationContext.configure(conn).get_current_revision()
    if revision is not None:
        known = ScriptDirectory.from_config(alembic_config())
        if revision not in {s.revision for s in known.walk_revisions()}:
            raise SchemaError(
                f"the store has schema revision {revision!r}, newer than this skillgap "
                f"understands (it knows up to {head()!r}); upgrade skillgap to open it"
            )
        return revision
    if LEGACY_TABLE in tables:
        version = conn.execute(text(f"SELECT MAX(version) FROM {LEGACY_TABLE}")).scalar()
        if int(version or 0) > LEGACY_LAST:
            raise SchemaError(
                f"the store has schema version {version}, newer than this skillgap "
                "understands; upgrade skillgap to open it"
            )
        return f"v{int(version or 1)}"
    if "postings" in tables:
        raise SchemaError(
            "the database has a 'postings' table but no schema version: "
            "it is not a skillgap store (or it was damaged); use another --db"
        )
    return None


def upgrade(conn: Connection) -> tuple[str | None, str]:
    """Create or upgrade the schema, one transaction per revision; (before, after)."""
    before = stored_revision(conn)
    legacy = before is not None and MigrationContext.configure(conn).get_current_revision() is None
    conn.commit()  # alembic runs each revision in a transaction of its own
    config = alembic_config(conn)
    if legacy:  # every revision after v1 is (re)applied: each adds only what is missing
        command.stamp(config, "v1")
        conn.commit()
    if legacy or before != head():
        command.upgrade(config, "head")
        conn.commit()
    return before, head()

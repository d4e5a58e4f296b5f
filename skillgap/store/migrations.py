"""Create or upgrade a store's schema with Alembic, keeping every row.

The revisions live in skillgap/store/alembic/versions (v1...v5 are the versions of the
hand-written migrations that came before). A store those wrote (a `schema_version` table,
no `alembic_version`) is taken from v1 on: every revision adds only what is missing, so a
store half-way between two versions is repaired, whatever number it carries. A store
whose Alembic revision says more than its tables hold (an intermediate build stamped a
number that meant something else, a column lost) is repaired the same way: after the
upgrade the actual tables and columns are compared with the ones the code declares, and
if any is missing every revision is applied again from v1.
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
from skillgap.store.schema import metadata

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


def missing_schema(conn: Connection) -> list[str]:
    """The tables and columns the code declares that the database does not have."""
    inspector = inspect(conn)
    tables = set(inspector.get_table_names())
    missing: list[str] = []
    for table in metadata.sorted_tables:
        if table.name not in tables:
            missing.append(table.name)
            continue
        have = {c["name"] for c in inspector.get_columns(table.name)}
        missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in have]
    return missing


def _reapply(config: Config, conn: Connection) -> None:
    """Every revision after v1 again: each adds only what is missing."""
    command.stamp(config, "v1")
    conn.commit()
    command.upgrade(config, "head")
    conn.commit()


def upgrade(conn: Connection) -> tuple[str | None, str]:
    """Create or upgrade the schema, one transaction per revision; (before, after)."""
    before = stored_revision(conn)
    legacy = before is not None and MigrationContext.configure(conn).get_current_revision() is None
    conn.commit()  # alembic runs each revision in a transaction of its own
    config = alembic_config(conn)
    if legacy:
        _reapply(config, conn)
    elif before != head():
        command.upgrade(config, "head")
        conn.commit()
    if before is not None and missing_schema(conn):  # the number said more than the tables
        _reapply(config, conn)
        lost = missing_schema(conn)
        if lost:
            raise SchemaError(f"the store lacks {', '.join(lost)} and cannot be repaired")
        if before == head():
            before = f"{before} (incomplete)"
    return before, head()

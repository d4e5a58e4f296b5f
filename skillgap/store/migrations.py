"""Schema versions and the steps that upgrade an older store in place, keeping every row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    Connection,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    inspect,
    select,
    text,
    update,
)

from skillgap.errors import SkillgapError
from skillgap.store import schema
from skillgap.store.records import input_hash, text_fingerprint

BACKFILL_BATCH = 1000


class SchemaError(SkillgapError):
    """The database holds something this version cannot open or upgrade."""


def stored_version(conn: Connection) -> int:
    """The store's schema version; 0 for an empty database."""
    tables = set(inspect(conn).get_table_names())
    if "schema_version" not in tables:
        if "postings" in tables:
            raise SchemaError(
                "the database has a 'postings' table but no 'schema_version': "
                "it is not a skillgap store (or it was damaged); use another --db"
            )
        return 0
    version = conn.execute(select(schema.schema_version.c.version).order_by(
        schema.schema_version.c.version.desc()).limit(1)).scalar()  # fmt: skip
    return int(version or 0)


def _mark(conn: Connection, version: int) -> None:
    conn.execute(
        schema.schema_version.insert().values(version=version, applied_at=datetime.now(UTC))
    )


def _add_columns(conn: Connection, table: str, columns: dict[str, str]) -> None:
    existing = {c["name"] for c in inspect(conn).get_columns(table)}
    for name, sql_type in columns.items():
        if name not in existing:
            conn.execute(text(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql_type}'))


def _backfill(conn: Connection, column: str, compute: Callable[[dict[str, str]], str | None],
              reads: tuple[str, ...]) -> None:  # fmt: skip
    """Fill a new postings column from existing ones, in id order, a batch at a time."""
    p = schema.postings
    last = 0
    stmt = update(p).where(p.c.id == bindparam("pid")).values({column: bindparam("value")})
    while True:
        rows = conn.execute(
            select(p.c.id, *(p.c[r] for r in reads))
            .where(p.c.id > last)
            .order_by(p.c.id)
            .limit(BACKFILL_BATCH)
        ).all()
        if not rows:
            return
        params = [{"pid": r.id, "value": compute(dict(r._mapping))} for r in rows]
        conn.execute(stmt, params)
        last = rows[-1].id


def _v1_to_v2(conn: Connection) -> None:
    """Duplicate grouping: a text fingerprint and a group per posting, and the groups table."""
    _add_columns(conn, "postings", {"text_fingerprint": "VARCHAR(64)", "dup_group": "INTEGER"})
    frozen = MetaData()
    groups = Table(
        "dup_groups",
        frozen,
        Column("id", Integer, primary_key=True, autoincrement=False),
        Column("size", Integer, nullable=False),
        Column("method", String(8), nullable=False),
        Column("grouped_at", schema.UTCDateTime, nullable=False),
    )
    groups.create(conn, checkfirst=True)
    for column in ("text_fingerprint", "dup_group"):
        conn.execute(
            text(f"CREATE INDEX IF NOT EXISTS ix_postings_{column} ON postings ({column})")
        )
    _backfill(
        conn,
        "text_fingerprint",
        lambda r: text_fingerprint(r["description_text"] or ""),
        ("description_text",),
    )


def _v2_to_v3(conn: Connection) -> None:
    """Extraction bookkeeping: what each posting was tagged from, and with which taxonomy."""
    _add_columns(
        conn,
        "postings",
        {"input_hash": "VARCHAR(64)", "extracted_hash": "VARCHAR(64)",
         "extracted_taxonomy": "VARCHAR(64)"},
    )  # fmt: skip
    _add_columns(conn, "mentions", {"taxonomy": "VARCHAR(64)"})
    # Mentions made before v3 have no known taxonomy: extracted_* stay NULL, so the next
    # `skillgap extract` redoes them; their rows stay until then.
    _backfill(conn, "input_hash", input_hash, ("title", "company", "description_text"))


def _v3_to_v4(conn: Connection) -> None:
    """Run locks: the `locks` table as version 4 defined it."""
    frozen = MetaData()
    Table(
        "locks",
        frozen,
        Column("name", String(64), primary_key=True),
        Column("owner", String(64), nullable=False),
        Column("host", String(255), nullable=False),
        Column("pid", Integer, nullable=False),
        Column("purpose", Text),
        Column("acquired_at", schema.UTCDateTime, nullable=False),
        Column("heartbeat_at", schema.UTCDateTime, nullable=False),
        Column("expires_after", Float, nullable=False),
        Column("runs", Text, nullable=False, default="[]"),
    ).create(conn, checkfirst=True)


def _v4_to_v5(conn: Connection) -> None:
    """Incremental duplicate grouping: what each posting looked like when last grouped.

    NULL everywhere: the first regroup after the upgrade compares everything once."""
    _add_columns(conn, "postings", {"grouped_hash": "VARCHAR(64)"})


# version reached -> step that reaches it from the one before
STEPS: dict[int, Callable[[Connection], None]] = {
    2: _v1_to_v2,
    3: _v2_to_v3,
    4: _v3_to_v4,
    5: _v4_to_v5,
}


def upgrade(conn: Connection) -> tuple[int, int]:
    """Create or upgrade the schema; one transaction per step. Returns (before, after)."""
    before = stored_version(conn)
    if before > schema.SCHEMA_VERSION:
        raise SchemaError(
            f"the store has schema version {before}, newer than this skillgap understands "
            f"({schema.SCHEMA_VERSION}); upgrade skillgap to open it"
        )
    if before == 0:
        schema.metadata.create_all(conn)
        _mark(conn, schema.SCHEMA_VERSION)
        conn.commit()
        return 0, schema.SCHEMA_VERSION
    conn.commit()
    version = before
    while version < schema.SCHEMA_VERSION:
        version += 1
        try:
            STEPS[version](conn)
            _mark(conn, version)
            conn.commit()
        except Exception:
            conn.rollback()
            raise
    return before, version

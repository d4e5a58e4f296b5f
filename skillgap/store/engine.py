"""Engines for the store: SQLite tuned for a crawler writing while others read; PostgreSQL."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from skillgap.errors import SkillgapError

SQLITE_BUSY_TIMEOUT_MS = 30_000
SQLITE_CACHE_KIB = 65_536  # page cache per connection: a 1M-posting store's indexes fit
WRITE = "skillgap_write"  # execution option: this transaction will write
BACKENDS = ("sqlite", "postgresql")
# `postgresql:/host/db`, `sqlite:x.db`: a URL with its `//` missing, not a file name
_SCHEME_ONLY = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


class StoreURLError(SkillgapError):
    """The --db value is not a usable database URL."""


class StoreReadOnlyError(SkillgapError):
    """A read-only SQLite store that cannot be read as it is."""


def normalise_url(url: str) -> str:
    """Accept a plain file path for SQLite; use psycopg 3 for postgresql:// URLs."""
    if "://" not in url and _SCHEME_ONLY.match(url):
        raise StoreURLError(
            f"not a database URL: {url!r} (use a file path, sqlite:///PATH or "
            "postgresql://USER@HOST/DB)"
        )
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def parse_url(url: str) -> URL:
    """The SQLAlchemy URL of a --db value (a plain path is an SQLite file)."""
    url = normalise_url(url)
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise StoreURLError(f"not a database URL: {url!r} ({exc})") from None


def check_url(url: str) -> str:
    """The URL, normalised, if skillgap can use it; else StoreURLError saying why."""
    backend = parse_url(url).get_backend_name()
    if backend not in BACKENDS:
        raise StoreURLError(
            f"unsupported database {backend!r}: use a file path, sqlite:/// or postgresql://"
        )
    return normalise_url(url)


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite store; None for other databases and in-memory SQLite."""
    try:
        parsed = parse_url(url)
    except StoreURLError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(str(parsed.database)).expanduser()


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return parse_url(url).render_as_string(hide_password=True)
    except StoreURLError:
        return "<unparsable URL>"


def sqlite_read_only(path: Path) -> bool:
    """True when this process cannot write the SQLite file or its folder (where SQLite
    makes its -wal and -shm files): the store can then only be read."""
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def make_engine(url: str, create: bool = True) -> Engine:
    parsed = parse_url(check_url(url))
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed.database, create)
    return create_engine(
        parsed,
        pool_recycle=1800,
        pool_reset_on_return=None,
        connect_args={"connect_timeout": 10},
    )


def read_only_engine(path: Path) -> Engine:
    """Read an SQLite store without writing anything: `mode=ro`, and `immutable=1` when its
    folder cannot hold the -shm file SQLite would make (then a write-ahead log still holding
    changes cannot be read: StoreReadOnlyError)."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    shm, wal = (path.with_name(path.name + suffix) for suffix in ("-shm", "-wal"))
    if not shm.exists() and not os.access(path.parent, os.W_OK):
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreReadOnlyError(
                f"the store {path} is read-only and its write-ahead log ({wal.name}) holds "
                "changes not yet in the file; open it once with write access"
            )
        uri += "&immutable=1"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.isolation_level = None
        conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        conn.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        conn.execute("PRAGMA temp_store = MEMORY")
        return conn

    engine = create_engine("sqlite://", creator=connect)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def _sqlite_engine(database: str | None, create: bool) -> Engine:
    if create and database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(f"sqlite:///{database or ''}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # SQLAlchemy emits BEGIN itself (below), so the driver must not
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        # WAL + NORMAL: a commit is one append to the log, synced at checkpoints; a crash
        # or power cut loses at most the last commits, never the store's consistency
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        cur.execute("PRAGMA temp_store = MEMORY")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # a writer takes the write lock up front, so it waits instead of failing later
        immediate = conn.get_execution_options().get(WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine

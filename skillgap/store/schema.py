"""The store's tables as they are at the newest revision (how older stores get there:
skillgap/store/alembic/versions)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps naive UTC text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):  # written by hand or by an old version
            value = datetime.fromisoformat(value)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("sources", Text, nullable=False, default="[]"),  # JSON list of names
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("status", String(16), nullable=False),
    Column("error", Text),
    Column("figures", Text, nullable=False, default="{}"),  # JSON {source: {...}}
)

postings = Table(
    "postings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(200), nullable=False),
    Column("source_type", String(32), nullable=False),
    Column("external_id", String(500), nullable=False),
    Column("url", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("company", Text, nullable=False),
    Column("location", Text),
    Column("remote", Boolean),
    Column("posted_at", UTCDateTime),
    Column("salary_min", Float),
    Column("salary_max", Float),
    Column("salary_currency", String(16)),
    Column("salary_period", String(8)),
    Column("description_html", Text),  # nullable: old HTML may be pruned
    Column("description_text", Text, nullable=False),
    Column("attribution", Text),
    Column("content_hash", String(64), nullable=False),
    Column("first_seen", UTCDateTime, nullable=False),
    Column("last_seen", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime),
    Column("first_run_id", Integer),
    Column("last_run_id", Integer),
    # v2: duplicates
    Column("text_fingerprint", String(64)),
    Column("dup_group", Integer),
    # v3: extraction bookkeeping
    Column("input_hash", String(64)),
    Column("extracted_hash", String(64)),
    Column("extracted_taxonomy", String(64)),
    # v5: incremental duplicate grouping
    Column("grouped_hash", String(64)),  # input_hash when it was last grouped
    # v7: posting meta (analyzer.meta): levels, years asked, pay stated; NULL until read
    Column("levels", String(64)),  # "junior,mid": sorted, "" when the ad names none
    Column("years_min", Integer),
    Column("pay_min", Float),  # the pay the ad states, structured fields first
    Column("pay_max", Float),
    Column("pay_currency", String(16)),
    Column("pay_period", String(8)),
    Column("meta_hash", String(64)),  # content_hash the meta was read from
    Column("meta_rules", String(64)),  # fingerprint of the rules that read it
    UniqueConstraint("source", "external_id", name="uq_postings_source_external_id"),
)
Index("ix_postings_last_seen", postings.c.last_seen)
Index("ix_postings_text_fingerprint", postings.c.text_fingerprint)
Index("ix_postings_dup_group", postings.c.dup_group)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "posting_id",
        Integer,
        ForeignKey("postings.id", ondelete="CASCADE", name="fk_mentions_posting"),
        nullable=False,
    ),
    Column("skill", String(100), nullable=False),
    Column("section", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("taxonomy", String(64)),  # v3: fingerprint of the taxonomy that made it
)
Index("ix_mentions_posting_id", mentions.c.posting_id)
Index("ix_mentions_skill", mentions.c.skill)

dup_groups = Table(
    "dup_groups",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # lowest posting id in it
    Column("size", Integer, nullable=False),
    Column("method", String(8), nullable=False),  # "exact" or "near"
    Column("grouped_at", UTCDateTime, nullable=False),
)


# v8: MinHash LSH band keys of each grouped posting's text (skillgap/store/lsh.py): a new
# ad is compared only with the stored ads that share a band key, not with every ad
dup_bands = Table(
    "dup_bands",
    metadata,
    Column("key", BigInteger, nullable=False),
    Column(
        "posting_id",
        Integer,
        ForeignKey("postings.id", ondelete="CASCADE", name="fk_dup_bands_posting"),
        nullable=False,
    ),
)
Index("ix_dup_bands_key", dup_bands.c.key)
Index("ix_dup_bands_posting_id", dup_bands.c.posting_id)

# named locks, so a manual and a scheduled run never overlap, across
# processes and machines sharing the store; a holder renews `heartbeat_at`, a lock whose
# heartbeat is older than `expires_after` seconds (or whose process is gone) is stale.
locks = Table(
    "locks",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("owner", String(64), nullable=False),  # random token of the holder
    Column("host", String(255), nullable=False),
    Column("pid", Integer, nullable=False),
    Column("purpose", Text),
    Column("acquired_at", UTCDateTime, nullable=False),
    Column("heartbeat_at", UTCDateTime, nullable=False),
    Column("expires_after", Float, nullable=False),
    Column("runs", Text, nullable=False, default="[]"),  # JSON ids of the runs it has open
    # v9: JSON [[pid, command marker]] of the process groups the holder started (its crawler)
    Column("children", Text, nullable=False, default="[]"),
)


# v6: ATS boards that answered 404/410 ("gone"): later crawls skip them until
# `skillgap sources --check` finds them answering again.
gone_boards = Table(
    "gone_boards",
    metadata,
    Column("source", String(200), primary_key=True),
    Column("board", String(500), primary_key=True),
    Column("source_type", String(32), nullable=False),
    Column("status", Integer, nullable=False),  # the HTTP status that said gone
    Column("gone_at", UTCDateTime, nullable=False),  # first found gone
    Column("checked_at", UTCDateTime, nullable=False),  # last found gone
    Column("run_id", Integer),  # the crawl run that found it
)


# v10: each tagged posting's skills, each once with its strongest label, as one text
# ("python:0\ngo:2", rank 0 required .. 2 other; skillgap/store/skill_summary.py), kept
# with its mentions: a report reads one short row a posting instead of every mention
posting_skills = Table(
    "posting_skills",
    metadata,
    Column(
        "posting_id",
        Integer,
        ForeignKey("postings.id", ondelete="CASCADE", name="fk_posting_skills_posting"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("n", Integer, nullable=False),  # how many skills
    Column("skills", Text, nullable=False),
)

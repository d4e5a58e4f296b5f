"""The store: one database (SQLite embedded or PostgreSQL) behind SQLAlchemy.

engine (URLs, connections) -> schema and migrations -> records (posting dicts checked) ->
postings / tagging / grouping (the writes) -> core (the Store; its errors in failures) ->
queries and export (reads), locks, retention, and the Scrapy item pipeline that writes
crawled postings (sink).
"""

from skillgap.store.core import RUN_STATUSES, Store, StoreStats, store_exists
from skillgap.store.engine import StoreURLError, safe_url
from skillgap.store.failures import StoreError, StoreMissing
from skillgap.store.migrations import SchemaError
from skillgap.store.records import PostingError

__all__ = [
    "RUN_STATUSES",
    "PostingError",
    "SchemaError",
    "Store",
    "StoreError",
    "StoreMissing",
    "StoreStats",
    "StoreURLError",
    "safe_url",
    "store_exists",
]

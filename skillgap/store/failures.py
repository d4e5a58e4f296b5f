"""How the store fails: the errors a user sees, and which database failures are worth a retry."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from skillgap.errors import SkillgapError


class StoreError(SkillgapError):
    """The store cannot be opened or written; the message says why."""


class StoreMissing(StoreError):
    """A command that only reads was pointed at a store that does not exist."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"no store at {where} (run `skillgap crawl` first, or `skillgap demo` and use "
            "--db skillgap-demo/store.sqlite)"
        )


def failure_reason(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", None) or exc).strip()


def retryable(exc: BaseException | None) -> bool:
    """A PostgreSQL deadlock or serialization failure: the transaction can simply be redone."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None) in ("40P01", "40001")

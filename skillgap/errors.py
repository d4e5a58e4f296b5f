"""The one error base of the application: the CLI prints any of them as one clear line."""

from __future__ import annotations


class SkillgapError(Exception):
    """A user-facing failure; the message says what went wrong and what to do."""


def came_of_an_interrupt(exc: BaseException) -> bool:
    """True when a Ctrl-C caused this error (a clean-up on a connection the interrupt broke):
    the user should hear about the interrupt, not about the store."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        if isinstance(link, KeyboardInterrupt):
            return True
        seen.add(id(link))
        link = link.__cause__ or link.__context__
    return False

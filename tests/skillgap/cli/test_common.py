"""The one period parser every command uses (--since, --keep-html, [schedule] keep_html)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from skillgap.cli.common import parse_since
from skillgap.errors import SkillgapError

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def test_spans_and_dates() -> None:
    assert parse_since("90d", now=NOW) == datetime(2026, 8, 23, 12, 0, tzinfo=UTC)
    assert parse_since("2w", now=NOW) == datetime(2026, 11, 7, 12, 0, tzinfo=UTC)
    assert parse_since(" 6M ", now=NOW) == datetime(2026, 5, 21, 12, 0, tzinfo=UTC)
    assert parse_since("1y", now=NOW) == datetime(2025, 11, 21, 12, 0, tzinfo=UTC)
    assert parse_since("2026-01-31", now=NOW) == datetime(2026, 1, 31, tzinfo=UTC)
    assert parse_since("2026-01-31T10:00:00+02:00") == datetime(2026, 1, 31, 8, tzinfo=UTC)


@pytest.mark.parametrize("option", ["--since", "--keep-html"])
def test_a_bad_value_names_its_option(option: str) -> None:
    with pytest.raises(SkillgapError, match=f"{option} 'last tuesday': expected a span like 90d"):
        parse_since("last tuesday", option, now=NOW)


def test_the_level_option_offers_every_level_the_analyzer_reads() -> None:
    from analyzer.meta import LEVELS
    from skillgap.cli.common import Level

    assert tuple(level.value for level in Level) == LEVELS

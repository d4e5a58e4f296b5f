"""The house rule that keeps modules small enough to read: none over 500 lines."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("crawler", "analyzer", "taxonomy", "reports", "skillgap", "bench")
LIMIT = 500


def test_no_module_is_over_500_lines() -> None:
    sizes = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
    }
    assert len(sizes) > 100  # the packages were found
    assert {name: n for name, n in sizes.items() if n > LIMIT} == {}

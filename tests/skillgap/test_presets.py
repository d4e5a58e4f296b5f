"""The market preset: a checked data file of ATS boards, turned into sources by the config
(`preset = "market"`) or by `skillgap crawl --preset market`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crawler.items import BOARD_KEYS
from skillgap.config import ConfigError, load_config, with_preset
from skillgap.presets import PresetError, preset_sources, read_boards

PERMALINK = re.compile(r"^https://github\.com/[^/]+/[^/]+/blob/[0-9a-f]{40}/\S+$")


def test_every_market_board_has_a_known_ats_a_token_and_evidence() -> None:
    boards = read_boards("market")
    assert len(boards) >= 500
    assert {b.ats for b in boards} <= set(BOARD_KEYS)
    assert all(PERMALINK.match(b.evidence) for b in boards)  # a file at a fixed commit
    assert all(b.company for b in boards)
    assert len({(b.ats, b.token.lower()) for b in boards}) == len(boards)


def test_preset_sources_are_one_per_ats_with_company_names() -> None:
    tables = {t["name"]: t for t in preset_sources("market")}
    greenhouse = tables["market-greenhouse"]
    assert greenhouse["type"] == "greenhouse" and "spacex" in greenhouse["boards"]
    assert greenhouse["company_names"]["spacex"] == "SpaceX"
    assert "palantir" in tables["market-lever"]["companies"]  # Lever's key is `companies`


def test_config_preset_adds_the_sources(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('preset = "market"\n[[sources]]\ntype = "remoteok"\n')
    config = load_config(path)
    names = [s.name for s in config.sources]
    assert names[0] == "remoteok" and "market-greenhouse" in names and config.presets == ("market",)
    assert with_preset(config, "market") is config  # added once


def test_with_preset_adds_to_a_config_without_one(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[sources]]\ntype = "remoteok"\n')
    config = with_preset(load_config(path), "market")
    assert {s.name for s in config.sources} >= {"remoteok", "market-ashby", "market-lever"}


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('preset = "everything"\n', "unknown preset 'everything' (known: market)"),
        ("preset = 3\n", "'preset' must be a name or a list of names"),
        ('preset = "market"\n[[sources]]\ntype = "lever"\nname = "market-lever"\n'
         'companies = ["x"]\n', "two sources are named 'market-lever'"),
    ],
)  # fmt: skip
def test_bad_presets_are_one_clear_error(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(path)


def test_a_malformed_preset_file_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import skillgap.presets as presets

    rows = "ats,token,company,evidence\n{}\n"
    for bad, message in [
        ("smartrecruiters,x,X,https://e.org/a", "unknown ATS 'smartrecruiters'"),
        ("greenhouse,x y,X,https://e.org/a", "is not a token"),
        ("greenhouse,x,X,not a url", "evidence must be an https URL"),
    ]:
        (tmp_path / "bad.csv").write_text(rows.format(bad))
        monkeypatch.setattr(presets, "PRESETS", {"bad": "bad.csv"})
        monkeypatch.setattr(presets.resources, "files", lambda _pkg: tmp_path)
        with pytest.raises(PresetError, match=message):
            read_boards("bad")


def test_sources_lists_a_preset_from_the_command_line(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from skillgap.cli import app

    path = tmp_path / "c.toml"
    path.write_text('[store]\nurl = "sqlite:///' + str(tmp_path / "s.sqlite") + '"\n')
    res = CliRunner().invoke(
        app, ["sources", "--config", str(path), "--preset", "market", "--json"]
    )
    assert res.exit_code == 0, res.output
    rows = {r["name"]: r for r in json.loads(res.stdout)}
    assert len(rows["market-greenhouse"]["options"]["boards"]) >= 50
    res = CliRunner().invoke(app, ["crawl", "--config", str(path), "--preset", "nope"])
    assert res.exit_code == 1 and "unknown preset 'nope'" in res.output

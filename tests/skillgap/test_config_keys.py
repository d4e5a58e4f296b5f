"""Config mistakes are named: an unknown table or key gets a warning with the nearest valid
one, a source without its required key says which key and what it holds, a bad time zone
is blamed on the time zone."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crawler.items import BOARD_KEYS, SOURCE_TYPES
from crawler.sources import known_keys, missing_key
from skillgap.cli import app
from skillgap.config import CONFIG_KEYS, DEFAULT_CONFIG_PATH, ConfigError, load_config, with_preset

runner = CliRunner()

TYPOS = """
[storr]
url = "x.sqlite"

[crawl]
contcat = "me@example.org"

[schedule]
timezon = "Europe/Berlin"

[[sources]]
type = "lever"
companies = ["acme"]
companys = ["other"]
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "skillgap.toml"
    path.write_text(text, "utf-8")
    return path


def test_unknown_tables_and_keys_name_the_nearest_valid_one(tmp_path: Path) -> None:
    cfg = load_config(_write(tmp_path, TYPOS))
    text = "\n".join(cfg.warnings)
    assert "unknown table [storr], ignored (did you mean [store]?)" in text
    assert "unknown key 'contcat' in [crawl], ignored (did you mean 'contact'?)" in text
    assert "unknown key 'timezon' in [schedule], ignored (did you mean 'timezone'?)" in text
    assert "unknown key 'companys' in source 'lever' (type lever), ignored " \
        "(did you mean 'companies'?)" in text  # fmt: skip
    assert len(cfg.warnings) == 4


def test_the_cli_prints_the_warnings_and_goes_on(tmp_path: Path) -> None:
    path = _write(tmp_path, TYPOS)
    result = runner.invoke(app, ["sources", "--config", str(path), "--json"])
    assert result.exit_code == 0
    assert "warning:" in result.stderr and "did you mean [store]?" in result.stderr
    assert '"name": "lever"' in result.stdout


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ('type = "lever"\ncompanys = ["acme"]', "needs `companies`: the list of lever company "
         "boards to crawl"),
        ('type = "greenhouse"', "needs `boards`: the list of greenhouse company boards"),
        ('type = "rss"\nurl = "https://example.org/jobs.rss"', "needs `urls`: the list of feed "
         "URLs to read"),
        ('type = "jsonld"', "needs `urls` or `sitemaps`: the pages to read"),
    ],
)  # fmt: skip
def test_a_source_missing_its_required_key_says_which_in_words(
    tmp_path: Path, table: str, words: str
) -> None:
    path = _write(tmp_path, f"[[sources]]\n{table}\n")
    with pytest.raises(ConfigError, match="needs") as caught:
        load_config(path)
    assert words in str(caught.value) and "parsing" not in str(caught.value)
    result = runner.invoke(app, ["crawl", "--config", str(path)])
    assert result.exit_code == 1 and words in " ".join(result.output.split())
    if "companys" in table:
        assert "did you mean `companies`?" in str(caught.value)


def test_the_shipped_configs_and_presets_raise_no_warning() -> None:
    cfg = load_config(DEFAULT_CONFIG_PATH)
    assert cfg.warnings == ()
    assert with_preset(cfg, "market").warnings == ()
    for src in with_preset(cfg, "market").sources:
        assert missing_key(src.type, src.options) is None


def test_the_sample_config_raises_no_warning(tmp_path: Path) -> None:
    from crawler.sampleserver import sample_config
    from skillgap.run.demo import DEMO_CRAWL

    text = sample_config("http://127.0.0.1:9", f"sqlite:///{tmp_path}/s.sqlite", DEMO_CRAWL)
    cfg = load_config(_write(tmp_path, text))
    assert cfg.warnings == () and {s.type for s in cfg.sources} == set(SOURCE_TYPES)


def test_the_known_keys_cover_what_the_code_reads() -> None:
    from skillgap.run.crawl_settings import CRAWL_KEYS, SIZE_KEYS

    assert set(CRAWL_KEYS) | set(SIZE_KEYS) | {"contact"} <= set(CONFIG_KEYS["crawl"])
    for stype in SOURCE_TYPES:
        assert {"type", "name", "base_url"} <= set(known_keys(stype))
    for stype, key in BOARD_KEYS.items():
        assert key in known_keys(stype)


def test_every_key_the_default_config_documents_is_known() -> None:
    """The bundled config shows each optional key commented out (`# key = value`) in its
    table: each of them must be one the loader knows, or a user who uncomments it is warned."""
    import re

    table = ""
    for line in DEFAULT_CONFIG_PATH.read_text(encoding="utf-8").splitlines():
        head = re.match(r"^#?\s*\[\[?(\w+)\]", line)  # [crawl], [[sources]], # [[sources]]
        if head:
            table = head.group(1)
            continue
        key = re.match(r"^#\s*(\w+)\s*=", line)
        if key and table in CONFIG_KEYS:
            assert key.group(1) in CONFIG_KEYS[table], (table, key.group(1))


def test_schedule_blames_the_time_zone(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["schedule", "--timezone", "Mars/Olympus", "--cron", "0 6 * * *",
              "--db", str(tmp_path / "s.sqlite")],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    line = " ".join(result.output.split())
    assert "--timezone 'Mars/Olympus': not a time zone" in line
    assert "--cron" not in line and "Traceback" not in result.output
    bad_cron = runner.invoke(app, ["schedule", "--cron", "0 25 * * *", "--timezone", "UTC",
                                   "--db", str(tmp_path / "s.sqlite")])  # fmt: skip
    assert bad_cron.exit_code == 1 and "--cron '0 25 * * *'" in bad_cron.output
    assert "Traceback" not in bad_cron.output

"""The default config's sources are the boards as the companies keep them today."""

from __future__ import annotations

from skillgap.config import DEFAULT_CONFIG_PATH, load_config


def test_default_sources_are_where_the_boards_are() -> None:
    config = load_config(DEFAULT_CONFIG_PATH)
    tables = {s.name: s.as_table() for s in config.sources}
    # Plaid and Wealthsimple moved their boards from Lever to Ashby
    assert {"plaid", "wealthsimple"} <= set(tables["ashby"]["boards"])
    assert not {"plaid", "wealthsimple"} & set(tables["lever"]["companies"])
    assert tables["ashby"]["company_names"]["wealthsimple"] == "Wealthsimple"
    # RemoteOK's /api holds only its newest ads: its tag feeds reach further
    assert "backend" in tables["remoteok"]["tags"] and len(tables["remoteok"]["tags"]) >= 4

"""The exploration notebook runs top to bottom against a real store."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.support.paths import REPO
from tests.support.report_store import fill_store

NOTEBOOK = REPO / "notebooks" / "explore_store.ipynb"


def test_notebook_executes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    # 30 ads a month: the report's monthly chart plots only months with at least 30 ads
    url = fill_store(tmp_path / "skillgap.sqlite", per_month=30)
    monkeypatch.setenv("SKILLGAP_DB", url)  # the kernel inherits the environment
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()  # fmt: skip
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {})) for o in outputs)
    assert "91 postings" in text
    assert "python" in text and "<svg" in text  # the demand table and the trend plot


def test_notebook_refuses_a_missing_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The notebook's opening cell reads the store: one that is not there is named, not made."""
    nbformat = pytest.importorskip("nbformat")
    pytest.importorskip("IPython")
    from skillgap.store import StoreMissing

    target = tmp_path / "no" / "such.sqlite"
    monkeypatch.setenv("SKILLGAP_DB", str(target))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    opening = next(c.source for c in nb.cells if c.cell_type == "code")
    with pytest.raises(StoreMissing, match=f"no store at {target}"):
        exec(compile(opening, "explore_store.ipynb", "exec"), {})  # noqa: S102
    assert not (tmp_path / "no").exists()

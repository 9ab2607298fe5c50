"""notebooks/explore.ipynb runs top to bottom against the seed lake (nbclient, real kernel)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from conftest import ROOT
from nbclient import NotebookClient


def test_notebook_runs_top_to_bottom(seed_lake: Path, monkeypatch):
    notebook = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    monkeypatch.setenv("NEWSLAKE_LAKE", str(seed_lake))
    client = NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    text = "".join(str(o.get("text", "")) + str(o.get("data", {})) for o in outputs)
    assert "Vladimir Zelensky" in text
    charts = [o for o in outputs if "plotly-graph-div" in o.get("data", {}).get("text/html", "")]
    assert len(charts) >= 4

"""notebooks/explore.ipynb runs top to bottom (nbclient, a real kernel) on a lake of real runs
with quotes repeated across outlets (tests/seed_desk.py), and every cell shows something."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nbformat
from conftest import ROOT
from nbclient import NotebookClient

from tasks import desk


def test_notebook_runs_top_to_bottom(seed_desk_lake: Path, monkeypatch):
    notebook = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    monkeypatch.setenv("NEWSLAKE_LAKE", str(seed_desk_lake))
    client = NotebookClient(
        notebook,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(ROOT / "notebooks")}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.outputs for cell in code), "a cell shows nothing"
    markdown = [cell for cell in notebook.cells if cell.cell_type == "markdown"]
    assert len(markdown) >= len(code) - 1  # a line of prose before each cell after the setup

    def shown(cell) -> str:
        return "".join(str(o.get("text", "")) + str(o.get("data", {})) for o in cell.outputs)

    text = "".join(shown(cell) for cell in code)
    assert "Vladimir Zelensky" in text  # the most quoted speaker, and his quotes in context
    assert "«" in text and "ferry is too expensive" in text  # a quote in its sentence; search
    top = desk.repeated(seed_desk_lake, dt.date(2026, 11, 26), dt.date(2026, 11, 28))
    assert top.height >= 10 and top["text"][0][:20] in text  # the most repeated quotes
    assert "Coastal Post" in text and "harbourtimes.example" in text  # outlets compared
    outputs = [o for cell in code for o in cell.outputs]
    charts = [o for o in outputs if "plotly-graph-div" in o.get("data", {}).get("text/html", "")]
    assert len(charts) >= 3

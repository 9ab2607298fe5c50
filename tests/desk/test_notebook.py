"""notebooks/explore.ipynb runs top to bottom (nbclient, a real kernel) on a lake of real runs
with quotes repeated across outlets (tests/seed_desk.py): every cell shows something, no cell
warns, its people are counted as the report counts them, and it is saved without outputs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import nbformat
from conftest import ROOT
from nbclient import NotebookClient
from report_counts import report_counts

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
    counted = "import json\nprint(json.dumps(dict(zip(speakers['speaker'], speakers['quotes']))))"
    most = next(n for n, c in enumerate(notebook.cells) if c.source.startswith("speakers = ("))
    notebook.cells.insert(most + 1, nbformat.v4.new_code_cell(counted))  # right after it
    client.execute()  # raises CellExecutionError on the first failing cell
    per_person = json.loads(notebook.cells.pop(most + 1).outputs[0]["text"])
    assert per_person == report_counts(seed_desk_lake)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.outputs for cell in code), "a cell shows nothing"
    markdown = [cell for cell in notebook.cells if cell.cell_type == "markdown"]
    assert len(markdown) >= len(code) - 1  # a line of prose before each cell after the setup

    def shown(cell) -> str:
        return "".join(str(o.get("text", "")) + str(o.get("data", {})) for o in cell.outputs)

    text = "".join(shown(cell) for cell in code)
    assert "Vladimir Zelensky" in text  # the most quoted speaker, and his quotes in context
    assert "«" in text  # a quote in its sentence
    searched = next(c for c in code if "SEARCH =" in c.source)
    word = shown(searched).split("searching for '", 1)[1].split("'", 1)[0]
    assert shown(searched).lower().count(word.lower()) >= 2  # the search finds quotes holding it
    top = desk.repeated(seed_desk_lake, dt.date(2026, 11, 26), dt.date(2026, 11, 28))
    assert top.height >= 10 and top["text"][0][:20] in text  # the most repeated quotes
    assert (
        "Coastal Post" in text and "Harbour Times" in text
    )  # outlets compared, a host as its outlet
    outputs = [o for cell in code for o in cell.outputs]
    charts = [o for o in outputs if "plotly-graph-div" in o.get("data", {}).get("text/html", "")]
    assert len(charts) >= 3
    warned = [o for o in outputs if o.get("name") == "stderr"]
    assert warned == [], warned


def test_the_notebook_is_saved_without_outputs():
    notebook = nbformat.read(ROOT / "notebooks" / "explore.ipynb", as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert "ferry" not in "".join(c.source for c in code)  # nothing written for the sample

"""The API notebook (experiments/api_tour.ipynb) runs top to bottom, from another folder."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from tests.conftest import ROOT, subprocess_env


def test_api_notebook_executes(tmp_path, monkeypatch):
    for k, v in subprocess_env().items():  # the kernel imports this checkout's sim
        monkeypatch.setenv(k, v)
    nb = nbformat.read(ROOT / "experiments" / "api_tour.ipynb", as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = {i: "".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                          for o in cell.get("outputs", []))
               for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}
    text = "\n".join(outputs.values())
    assert "is not a number" in text  # the one-line error, caught
    assert "P(all targets met)" in text or "cannot be said" in text
    assert "2025Q4" in text  # the batch run's last quarter
    assert not any(o.get("output_type") == "error" for c in nb.cells
                   for o in c.get("outputs", []))
    assert not (tmp_path / "results").exists()  # results go to the project, not the cwd

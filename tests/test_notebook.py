"""The worked notebook ``examples/researcher_session.ipynb`` runs from top to bottom.

The notebook is committed without outputs. The test executes it with nbclient in a
fresh Jupyter kernel, in a temporary working directory, and fails if any cell
raises. Its last cell asserts that the results agree with one another (a rerun of
one replication equals the comparison's run, the Shapley values add up to the
total difference, the precision rule met its target or hit its cap) and prints
``all checks passed``; the test also checks the outputs that the notebook's prose
relies on (the refused lever is named, both figures are drawn).

nbclient, nbformat and ipykernel come with the ``dev`` extra; without them the
test is skipped. With the engine compiled (the Numba cache is warm), the notebook
runs in well under a minute.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import microjob as mj

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
ipykernel_kernelspec = pytest.importorskip("ipykernel.kernelspec")
kernelspec = pytest.importorskip("jupyter_client.kernelspec")
jupyter_manager = pytest.importorskip("jupyter_client.manager")
pytest.importorskip("matplotlib")
pytest.importorskip("pandas")

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "researcher_session.ipynb"
KERNEL = "python3"
CELL_TIMEOUT = 300  # seconds per cell

# Printed by a cell that the test appends to its copy of the notebook.
PROBE = "import sys, microjob\nprint(sys.prefix)\nprint(microjob.__file__)"


def _read() -> Any:
    return nbformat.read(NOTEBOOK, as_version=4)


def _cell(nb: Any, cell_id: str) -> Any:
    for cell in nb.cells:
        if cell.get("id") == cell_id:
            return cell
    raise AssertionError(f"{NOTEBOOK.name} has no cell with id {cell_id!r}")


def _stdout(cell: Any) -> str:
    return "".join(
        o["text"] for o in cell.outputs if o["output_type"] == "stream" and o["name"] == "stdout"
    )


def _has_image(cell: Any) -> bool:
    return any("image/png" in o.get("data", {}) for o in cell.outputs)


def test_notebook_is_committed_clean() -> None:
    nb = _read()
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == KERNEL
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has no code cells"
    dirty = [c.id for c in code if c.outputs or c.execution_count is not None]
    assert not dirty, f"commit the notebook without outputs; cells with outputs: {dirty}"


@pytest.fixture
def kernel_manager(tmp_path: Path) -> Any:
    """A kernel manager that starts ipykernel on this very interpreter.

    The name ``python3`` alone is not enough: jupyter_client searches JUPYTER_PATH
    and the user's data directory before ``sys.prefix``, so a ``python3`` spec
    installed there (say, for another Python) would win, and the notebook would
    run against another installation. Instead, ipykernel writes its own spec into
    a temporary prefix (its argv starts with ``sys.executable``), and the kernel
    spec manager looks in that directory and nowhere else.
    """
    prefix = tmp_path / "jupyter-prefix"
    ipykernel_kernelspec.install(prefix=str(prefix), kernel_name=KERNEL)
    kernels = prefix / "share" / "jupyter" / "kernels"
    spec = json.loads((kernels / KERNEL / "kernel.json").read_text(encoding="utf-8"))
    assert spec["argv"][0] == sys.executable
    specs = kernelspec.KernelSpecManager(kernel_dirs=[str(kernels)])
    return jupyter_manager.KernelManager(kernel_name=KERNEL, kernel_spec_manager=specs)


def _warm_engine() -> None:
    """Compile the engine here, where no cell timeout applies, if it is not cached yet.

    Numba caches compiled kernels on disk, so the notebook's kernel loads them
    instead of compiling them within one cell's timeout on a fresh checkout.
    """
    short = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=1.0)
    for policy in ("traditional", "internal-freelance"):
        mj.simulate(short, seed=0, policy=policy)


def test_notebook_runs_and_its_checks_pass(kernel_manager: Any, tmp_path: Path) -> None:
    _warm_engine()
    nb = _read()
    nb.cells.append(nbformat.v4.new_code_cell(PROBE, id="test-probe"))
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    # The kernel imports the same microjob as this process, wherever it was imported from.
    package_root = str(Path(mj.__file__).resolve().parent.parent)
    pythonpath = os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": pythonpath}
    client = nbclient.NotebookClient(
        nb,
        km=kernel_manager,
        timeout=CELL_TIMEOUT,
        startup_timeout=120,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute(env=env)  # a cell that raises fails the test with its traceback

    prefix, package = _stdout(_cell(nb, "test-probe")).splitlines()
    assert Path(prefix) == Path(sys.prefix), "the kernel ran in another environment"
    assert Path(package).resolve() == Path(mj.__file__).resolve(), "it imported another microjob"

    assert "all checks passed" in _stdout(_cell(nb, "checks"))
    refused = _stdout(_cell(nb, "lever-error"))
    assert refused.startswith("ScenarioFileError:")
    assert "arms.marketplace-30.time_share" in refused
    assert _stdout(_cell(nb, "precision")).startswith("precision ")
    for cell_id in ("decompose-plot", "curves"):
        assert _has_image(_cell(nb, cell_id)), f"cell {cell_id!r} drew no figure"

"""The output directory and the data files written into it (CSV, Parquet, PNG, scenario.toml)."""

from __future__ import annotations

import base64
import importlib.util
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from microjob.records import RunResult

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from microjob.scenario import Scenario


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(
            "microjob.report writes its tables with pandas, an optional dependency: "
            "pip install 'microjob[pandas]'"
        ) from exc
    return pd


def _prepare(out: Path) -> Path:
    if not isinstance(out, str | Path):
        raise TypeError(f"out: must be a directory path, got {out!r}")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(f"out: {str(out)!r} exists and is not a directory")
    (out / "figures").mkdir(parents=True, exist_ok=True)
    return out


def _check_command(command: str) -> None:
    if not isinstance(command, str):
        raise TypeError(f"command: must be a string, got {command!r}")


def _write_csv(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


def _spells_frame(runs: Sequence[tuple[str, RunResult]]) -> pd.DataFrame:
    """The spells of each run (:func:`microjob.measures.spell_table`) with a ``policy_label``."""
    pd = _pandas()
    frames = []
    for label, run in runs:
        frame = pd.DataFrame(run.spell_table)
        frame.insert(0, "policy_label", label)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _write_spells(out: Path, runs: Sequence[tuple[str, RunResult]]) -> list[Path]:
    frame = _spells_frame(runs)
    written = [_write_csv(frame, out / "spells.csv")]
    if importlib.util.find_spec("pyarrow") is not None:
        path = out / "spells.parquet"
        frame.to_parquet(path, index=False)
        written.append(path)
    return written


def _write_scenario(out: Path, scenario: Scenario) -> list[Path]:
    """``scenario.toml`` when the scenario can write itself (``Scenario.to_toml``)."""
    to_toml = getattr(scenario, "to_toml", None)
    if not callable(to_toml):
        return []
    path = out / "scenario.toml"
    to_toml(path)
    return [path]


_DPI = 150


@attrs.frozen
class _Figure:
    """A figure saved as a PNG: its file, bytes, alternative text and caption.

    The caption is plain text (the page escapes it): ``title`` is its bold lead,
    ``text`` the rest.
    """

    path: Path
    png: bytes
    alt: str
    title: str
    text: str

    @property
    def ident(self) -> str:
        """The id of the figure on the page: ``fig-`` and the file's stem."""
        return f"fig-{self.path.stem}"

    @property
    def src(self) -> str:
        """The PNG as a data URL, so the page needs no other file."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def _save(fig: Figure, path: Path, alt: str, title: str, text: str) -> _Figure:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    png = buffer.getvalue()
    path.write_bytes(png)
    return _Figure(path, png, alt, title, text)


def _figure_notes(figures: Sequence[_Figure]) -> dict[str, str]:
    """The note of each figure's file in the list of files: its caption's title."""
    return {f"figures/{f.path.name}": f.title.rstrip(".") for f in figures}


@attrs.frozen
class _File:
    """A file of the output directory as the page lists it."""

    href: str
    """Its path relative to the directory (``figures/retention.png``)."""
    note: str
    """What it holds; empty when there is nothing to add."""


def _files(out: Path, written: Sequence[Path], notes: Mapping[str, str]) -> tuple[_File, ...]:
    """The files written, each with its note (a folder's note covers its files)."""
    files = []
    for path in written:
        rel = path.relative_to(out).as_posix()
        files.append(_File(rel, notes.get(rel) or notes.get(path.parent.name + "/", "")))
    return (*files, _File("report.html", "this page"))


_FILE_NOTES = {
    "summary.csv": "the estimates shown in the table (mean, sd, 95% CI, n)",
    "differences.csv": "paired differences from the baseline policy, with unpaired intervals "
    "and the variance removed by common random numbers",
    "runs.csv": "one row per run: policy, replication, seed and every measure",
    "spells.csv": "employment spells of the example runs, one per row",
    "spells.parquet": "the same spells as a Parquet file",
    "scenario.toml": "the scenario, to rerun or change it",
    "figures/": "a figure of this page as a PNG file",
}

"""The output directory and the data files written into it (CSV, Parquet, PNG, scenario.toml)."""

from __future__ import annotations

import base64
import importlib.util
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from microjob._csvsafe import safe_frame
from microjob.records import RunResult

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from microjob.experiment import Comparison
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
    """Write ``frame`` as CSV, text that a spreadsheet would run made inert
    (:mod:`microjob._csvsafe`)."""
    safe_frame(frame).to_csv(path, index=False, lineterminator="\n")
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


def _kept_curves(comparison: Comparison) -> bool:
    """Whether every run of ``comparison`` kept its retention curve
    (``compare(..., keep=("retention_curve",))``)."""
    return bool(comparison.runs) and all("retention_curve" in r.extras for r in comparison.runs)


def _curve_frames(
    comparison: Comparison, confidence: float, by_kind: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each replication's retention curve, one row per arm, replication and month of tenure,
    and each arm's mean over replications with its interval (``by_kind``: per policy kind
    of the arms whose companies mix policies, with a column ``kind``)."""
    import numpy as np

    from microjob import plot

    pd = _pandas()
    curves, pooled = [], []
    for arm in comparison.policies:
        replications = [r.replication for r in comparison.runs if r.policy == arm]
        groups = plot._curve_kinds(comparison, arm) if by_kind else ["all"]
        for group in groups:
            own = {"arm": arm, **({"kind": group} if by_kind else {})}
            rows = comparison.retention_curves(arm, group)
            mean = comparison.pooled_retention(arm, group, confidence=confidence)
            k = len(mean.years)
            each = {
                "replication": np.repeat(np.asarray(replications, dtype=np.int64), k),
                "years": np.tile(mean.years, len(rows)),
                "retention": rows.ravel(),
            }
            curves.append(pd.DataFrame({**own, **each}))
            pooled.append(
                pd.DataFrame(
                    {
                        **own,
                        "years": mean.years,
                        "mean": mean.mean,
                        "ci_low": mean.ci_low,
                        "ci_high": mean.ci_high,
                        "n": mean.n,
                    }
                )
            )
    return pd.concat(curves, ignore_index=True), pd.concat(pooled, ignore_index=True)


def _write_retention_curves(out: Path, comparison: Comparison, confidence: float) -> list[Path]:
    """``retention_curves.csv`` and ``retention_pooled.csv`` when the comparison kept its
    curves, and the same by policy kind when an arm's companies mix policies."""
    from microjob import plot

    if not _kept_curves(comparison):
        return []
    curves, pooled = _curve_frames(comparison, confidence, by_kind=False)
    written = [
        _write_csv(curves, out / "retention_curves.csv"),
        _write_csv(pooled, out / "retention_pooled.csv"),
    ]
    if any(plot._curve_kinds(comparison, arm) for arm in comparison.policies):
        curves, pooled = _curve_frames(comparison, confidence, by_kind=True)
        written += [
            _write_csv(curves, out / "retention_curves_by_kind.csv"),
            _write_csv(pooled, out / "retention_pooled_by_kind.csv"),
        ]
    return written


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
    "retention_curves.csv": "each replication's Kaplan-Meier retention curve, monthly to "
    "10 years of tenure: one row per arm, replication and month",
    "retention_pooled.csv": "the retention curves' mean over replications with its 95% "
    "interval, per arm and month of tenure (the curves of the retention figure)",
    "retention_curves_by_kind.csv": "the same curves for the companies of each policy "
    "kind, in the arms whose companies follow different policies",
    "retention_pooled_by_kind.csv": "their mean over replications with its 95% interval",
    "figures/": "a figure of this page as a PNG file",
}

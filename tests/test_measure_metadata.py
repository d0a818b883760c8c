"""Every RunSummary measure says once how to show it, and every table reads that.

The label, unit, scale, decimals and description of each measure live in the
attrs metadata of its :class:`~microjob.RunSummary` field. The report, the
command line and the calibration tables must take them from there rather
than keep tables of their own.
"""

from __future__ import annotations

import attrs
import pytest

import microjob as mj
from microjob import _terminal as terminal
from microjob import calibration, report
from microjob.summary import MEASURE, MeasureInfo

FIELDS = mj.RunSummary.field_names()


@pytest.mark.parametrize("field", FIELDS)
def test_every_measure_has_complete_metadata(field: str) -> None:
    info = getattr(attrs.fields(mj.RunSummary), field).metadata[MEASURE]
    assert isinstance(info, MeasureInfo)
    assert mj.RunSummary.info(field) is info
    assert info.label and info.label == info.label.strip()
    assert not info.label[0].isupper(), "labels are lower case; reports capitalise them"
    assert info.unit and info.short_unit
    assert info.scale in (1.0, 100.0)
    assert isinstance(info.decimals, int) and 0 <= info.decimals <= 4
    assert info.description.endswith(".") and "\n" not in info.description
    assert len(info.description) <= 100, "one line"


def test_labels_tell_measures_apart() -> None:
    labels = [mj.RunSummary.info(f).label for f in FIELDS]
    assert len(set(labels)) == len(labels)


def test_an_unknown_measure_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="not a RunSummary measure"):
        mj.RunSummary.info("happiness")


def test_the_report_shows_every_measure_as_its_metadata_says() -> None:
    listed = {f for _, fields in report.SECTIONS for f in fields}
    assert listed <= set(FIELDS) | set(report.DERIVED_INFO)
    shown = {m.field: m for _, measures in report._sections() for m in measures}
    assert set(FIELDS) <= set(shown)
    for field in FIELDS:
        info, m = mj.RunSummary.info(field), shown[field]
        assert m.info is info
        assert m.label == info.label[0].upper() + info.label[1:]
        assert m.show(0.123456) == report._number(0.123456 * info.scale, info.decimals)


def test_the_command_line_labels_its_rows_from_the_metadata() -> None:
    assert set(terminal.KEY_MEASURES) <= set(FIELDS)
    for field in terminal.KEY_MEASURES:
        info = mj.RunSummary.info(field)
        assert terminal.label(field) == f"{info.label}, {info.short_unit}"
        assert terminal.scaled(field) == (info.scale, info.decimals)


def test_the_calibration_targets_show_their_measures_metadata() -> None:
    for target in (*calibration.TARGETS, *calibration.PLAUSIBILITY):
        info = mj.RunSummary.info(target.measure)
        assert (target.label, target.unit, target.scale, target.decimals) == (
            info.label,
            info.unit,
            info.scale,
            info.decimals,
        )

"""Hostile inputs: text that spreadsheets would run, non-finite numbers, bad arguments."""

from __future__ import annotations

import csv
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import microjob as mj
from microjob._csvsafe import safe_cell

FORMULA_START = "=+-@\t\r"


@given(st.text())
def test_text_a_spreadsheet_would_run_is_made_inert(text: str) -> None:
    out = safe_cell(text)
    if text[:1] and text[0] in FORMULA_START:
        try:
            float(text)
        except ValueError:
            assert out == "'" + text
            return
    assert out == text


@pytest.mark.parametrize("value", [1.5, -2, None, "-0.25", "+3e4", "-inf", "plain name"])
def test_numbers_and_plain_text_are_left_alone(value: object) -> None:
    assert safe_cell(value) == value


def _cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return [cell for row in csv.reader(f) for cell in row]


def test_no_csv_file_holds_a_formula(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    small = attrs.evolve(mj.scenarios.small(), warmup_years=1.0, horizon_years=2.0)
    hostile = '=HYPERLINK("http://example.invalid","x")'
    companies = (attrs.evolve(small.companies[0], name=hostile), *small.companies[1:])
    scenario = attrs.evolve(small, companies=companies)
    result = mj.simulate(scenario, seed=1, policy="traditional")
    written = mj.report.write_run(tmp_path / "run", result, command="microjob run", companies=True)
    csvs = [p for p in written if p.suffix == ".csv"]
    assert any(p.name == "companies.csv" for p in csvs)
    seen = [cell for p in csvs for cell in _cells(p)]
    assert "'" + hostile in seen
    runnable = [c for c in seen if c[:1] and c[0] in FORMULA_START]
    for cell in runnable:
        float(cell)  # only numbers may start so (a ValueError fails the test)

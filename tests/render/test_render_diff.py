"""The diff document (`licscan/diff/1`): keys as data/diff-schema.md documents them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import licscan
from licscan.judge import Comparison
from licscan.model import Report
from licscan.render import diff as diff_render
from tests.render.test_gate_json import CONTEXT, _objects

REPO = Path(__file__).resolve().parents[2]


def _documented_keys() -> dict[str, list[str]]:
    import re

    text = (REPO / "data" / "diff-schema.md").read_text(encoding="utf-8")
    documented: dict[str, list[str]] = {}
    for section in text.split("\n### ")[1:]:
        where = re.search(r"^Where: (.*)$", section, flags=re.M)
        assert where, section[:40]
        keys = re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.M)
        for path in re.findall(r"`([^`]+)`", where.group(1)):
            documented[path] = keys
    return documented


def _doc(comparison: Comparison, **kwargs: bool) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(diff_render.render_json(comparison, CONTEXT, **kwargs))
    return document


@pytest.fixture(scope="module")
def comparisons(
    gpl_report: Report, clean_report: Report, several_reports: tuple[Report, ...]
) -> dict[str, Comparison]:
    return {
        "forward": licscan.diff_all([gpl_report], [clean_report]),
        "backward": licscan.diff_all([clean_report], [gpl_report]),
        "same": licscan.diff_all([gpl_report], [gpl_report]),
        "unpaired": licscan.diff_all(several_reports, [gpl_report]),
        "unpaired-new": licscan.diff_all([clean_report], several_reports),
    }


@pytest.mark.parametrize("which", ["forward", "backward", "same", "unpaired", "unpaired-new"])
def test_diff_keys_follow_the_documented_schema(
    which: str, comparisons: dict[str, Comparison]
) -> None:
    documented = _documented_keys()
    seen = set()
    for path, keys in _objects(_doc(comparisons[which]), ""):
        assert path in documented, f"{path} is not documented in data/diff-schema.md"
        assert keys == documented[path], path
        seen.add(path)
    if which == "backward":
        assert "diffs[].changed[].changes[]" in seen and "diffs[].new_licenses[]" in seen


def test_every_documented_object_appears(comparisons: dict[str, Comparison]) -> None:
    seen = {path for c in comparisons.values() for path, _ in _objects(_doc(c), "")}
    assert set(_documented_keys()) <= seen


def test_the_backward_document(comparisons: dict[str, Comparison]) -> None:
    doc = _doc(comparisons["backward"])
    assert doc["schema"] == "licscan/diff/1" and doc["fails"] is True
    assert doc["new_violation_count"] == 2
    assert doc["new_license_ids"] == ["GPL-3.0-only", "GPL-3.0-or-later"]
    [pair] = doc["diffs"]
    assert {c["key"] for c in pair["added"]} == {"gdbm", "readline"}
    assert pair["old"]["python_version"] == "3.10.9" and pair["new"]["passed"] is False
    assert doc["generator"]["timestamp"] == "2024-04-15T12:00:00Z"


def test_fail_on_new_license_is_recorded(comparisons: dict[str, Comparison]) -> None:
    doc = _doc(comparisons["forward"], fail_on_new_license=True)
    assert doc["fail_on_new_license"] is True and doc["fails"] is False and doc["empty"] is False
    assert _doc(comparisons["same"])["empty"] is True


def test_text_pieces(comparisons: dict[str, Comparison]) -> None:
    [diff] = comparisons["forward"].diffs
    rows = diff_render.component_rows(diff)
    assert ("removed", "GNU Readline", "8.2, bundled, GPL-3.0-only", "-") in rows
    assert ("version changed", "CPython", "3.9.16", "3.10.9") in rows
    assert {(c, f.id, f.component) for c, f in diff_render.finding_rows(diff)} >= {
        ("gone", "gpl-in-interpreter", "readline"),
        ("gone", "gpl-in-interpreter", "gdbm"),
    }
    assert diff_render.outcome(comparisons["forward"])[-1] == "diff: pass"
    assert "GPL-3.0-only" in diff_render.outcome(comparisons["backward"])[1]


def test_render_diff_of_the_library(gpl_report: Report) -> None:
    data = licscan.render_diff(licscan.diff(gpl_report, gpl_report))
    assert json.loads(data)["empty"] is True and data.endswith(b"}\n")

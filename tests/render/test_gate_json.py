"""The JSON gate result (`licscan/check/1`): keys as data/check-schema.md documents them."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from licscan.model import Report
from licscan.render import RenderContext, gate_json, render_gate

REPO = Path(__file__).resolve().parents[2]
CONTEXT = RenderContext(datetime(2024, 4, 15, 12, 0, tzinfo=timezone.utc), "0.1.0")


def _documented_keys() -> dict[str, list[str]]:
    """Object path -> keys in order, from the `###` sections of data/check-schema.md."""
    text = (REPO / "data" / "check-schema.md").read_text(encoding="utf-8")
    documented: dict[str, list[str]] = {}
    for section in text.split("\n### ")[1:]:
        section = section.split("\n## ", 1)[0]
        where = re.search(r"^Where: (.*)$", section, flags=re.M)
        assert where, section[:40]
        keys = re.findall(r"^\| `([a-z0-9_]+)` \|", section, flags=re.M)
        for path in re.findall(r"`([^`]+)`", where.group(1)):
            documented[path] = keys
    return documented


def _objects(value: object, path: str) -> list[tuple[str, list[str]]]:
    if isinstance(value, dict):
        found = [(path or "(top)", list(value))]
        for key, item in value.items():
            found += _objects(item, f"{path}.{key}" if path else key)
        return found
    if isinstance(value, list):
        return [pair for item in value for pair in _objects(item, f"{path}[]")]
    return []


def _doc(reports: list[Report]) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(gate_json.render(reports, CONTEXT))
    return document


@pytest.mark.parametrize("which", ["gpl_report", "clean_report", "waived_report"])
def test_json_keys_follow_the_documented_schema(which: str, request: pytest.FixtureRequest) -> None:
    documented = _documented_keys()
    doc = _doc([request.getfixturevalue(which)])
    seen = set()
    for path, keys in _objects(doc, ""):
        assert path in documented, f"{path} is not documented in data/check-schema.md"
        assert keys == documented[path], path
        seen.add(path)
    if which == "waived_report":
        assert {"distributions[].findings[].waiver", "distributions[].expired_waivers[]"} <= seen


def test_the_gate_of_a_failing_archive(gpl_report: Report) -> None:
    doc = _doc([gpl_report])
    assert doc["schema"] == "licscan/check/1"
    assert doc["generator"] == {
        "name": "licscan",
        "version": "0.1.0",
        "timestamp": "2024-04-15T12:00:00Z",
    }
    assert doc["policy"] == "default" and doc["passed"] is False
    assert doc["status"] == "fails policy" and doc["violation_count"] == 2
    (dist,) = doc["distributions"]
    identity = dist["distribution"]
    assert identity["file_name"] == gpl_report.inventory.archive.file_name
    assert identity["sha256"] == gpl_report.inventory.archive.sha256
    assert identity["python_version"] == "3.9.16" and identity["root"] == "python"
    assert identity["target_triple"] == "x86_64-unknown-linux-gnu"
    assert identity["release"]["tag"] == "20221220"
    assert [(v["id"], v["component"]) for v in dist["violations"]] == [
        ("gpl-in-interpreter", "gdbm"),
        ("gpl-in-interpreter", "readline"),
    ]
    assert len(dist["findings"]) == len(gpl_report.verdict.findings)


def test_waivers_and_expired_waivers(waived_report: Report) -> None:
    dist = _doc([waived_report])["distributions"][0]
    assert dist["policy"] == "waive-readline"
    assert [v["component"] for v in dist["violations"]] == ["gdbm"]
    readline = next(f for f in dist["findings"] if f["component"] == "readline")
    assert readline["violates_policy"] is True
    assert readline["waiver"]["reason"] == "internal use only, not redistributed"
    assert [w["component"] for w in dist["expired_waivers"]] == ["gdbm"]


def test_several_installations_in_one_document(several_reports: tuple[Report, ...]) -> None:
    doc = json.loads(render_gate(several_reports, "json"))
    assert [d["distribution"]["root"] for d in doc["distributions"]] == ["new/py", "old/py"]
    assert [d["passed"] for d in doc["distributions"]] == [True, False]
    assert doc["passed"] is False and doc["status"] == "fails policy"


def test_the_timestamp_comes_from_source_date_epoch(
    clean_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = render_gate(clean_report, "json")
    assert json.loads(first)["generator"]["timestamp"] == "2023-11-14T22:13:20Z"
    assert render_gate(clean_report, "json") == first

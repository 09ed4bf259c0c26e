"""What a worker sends back of a light job (`render/summary.py`): each installation's JSON
Lines line, rendered compact at once, is byte for byte what re-encoding its indented JSON
document gives; its summary row says what the report says."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from licscan import api
from licscan.cli.many import json_lines
from licscan.render import brief, json_line
from tests.golden.scenarios import SCENARIOS


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_a_json_line_is_the_re_encoded_document(name: str, tmp_path: Path) -> None:
    report = api.report(SCENARIOS[name](tmp_path))
    line = json_line(report)
    assert line == json_lines([api.render_report(report, "json")])
    assert line.count(b"\n") == 1 and line.endswith(b"}\n")


def test_odd_text_is_encoded_alike(tmp_path: Path) -> None:
    report = api.report(SCENARIOS["linux-3.10-20221220"](tmp_path))
    odd = ('caf\u00e9 \udcff \\ "quoted" \t\u2028 \x00', "\U0001f600")
    inventory = dataclasses.replace(report.inventory, notes=odd)
    changed = dataclasses.replace(report, inventory=inventory)
    line = json_line(changed)
    assert b"\\udcff" in line and "caf\u00e9".encode() in line
    assert line == json_lines([api.render_report(changed, "json")])


def test_a_brief_is_the_report_s_summary_row(tmp_path: Path) -> None:
    report = api.report(SCENARIOS["linux-3.9-20221220"](tmp_path))
    row = brief(report)
    assert (row.python_version, row.target_triple) == ("3.9.16", "x86_64-unknown-linux-gnu")
    assert row.root == report.inventory.archive.root
    assert row.release == "20221220..20230116"  # no asset name: the window from the contents
    assert (row.status, row.passed) == (report.verdict.status, report.verdict.passed)
    assert row.status == "fails policy" and not row.passed

"""The public library API, as the README shows it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import licscan
from licscan.cli.example import write_example
from licscan.render import FORMATS


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> licscan.Report:
    inventory = licscan.scan(write_example(tmp_path_factory.mktemp("example")))
    return licscan.Report(inventory, licscan.judge(inventory))


def test_render_report_works_any_number_of_times_in_every_format(report: licscan.Report) -> None:
    for _round in range(3):
        for fmt in FORMATS:
            assert licscan.render_report(report, fmt)
    sbom = json.loads(licscan.render_report(report, "cyclonedx"))
    assert sbom["bomFormat"] == "CycloneDX"


def test_importing_the_render_stage_does_not_shadow_the_api(report: licscan.Report) -> None:
    import licscan.judge.policy
    import licscan.render

    assert callable(licscan.judge)

    assert callable(licscan.render_report)
    assert licscan.render.render_format(report, "spdx") == licscan.render_report(report, "spdx")


def test_an_unknown_format_is_a_licscan_error_naming_the_choices(report: licscan.Report) -> None:
    with pytest.raises(licscan.UsageError) as raised:
        licscan.render_report(report, "pdf")
    assert isinstance(raised.value, licscan.LicscanError)
    assert raised.value.exit_code == 2
    for fmt in FORMATS:
        assert fmt in str(raised.value)


def test_report_is_scan_plus_judge(tmp_path: Path) -> None:
    path = write_example(tmp_path)
    both = licscan.report(path)
    assert both.inventory == licscan.scan(path)
    assert both.verdict == licscan.judge(both.inventory)

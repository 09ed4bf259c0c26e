"""Reports of real era archives for the gate renderers, built once per session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import licscan
from licscan.judge import parse_policy
from licscan.model import Report
from tests.builders import era_archive, relocate, to_install_only, write_archive

GPL_NAME = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
CLEAN_NAME = "cpython-3.10.9+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"

# readline waived until 2099; gdbm's waiver expired in 2020, so it still fails the policy.
WAIVE_READLINE = """
name = "waive-readline"
[[waivers]]
component = "readline"
finding = "gpl-in-interpreter"
reason = "internal use only, not redistributed"
expires = 2099-12-31

[[waivers]]
component = "gdbm"
finding = "gpl-in-interpreter"
reason = "expired long ago"
expires = 2020-01-01
"""


@pytest.fixture(scope="session")
def gpl_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """Linux 3.9.16 of 20221220: GNU readline and gdbm fail the default policy."""
    folder = tmp_path_factory.mktemp("gate-gpl")
    return licscan.report(write_archive(era_archive("linux-3.9-20221220"), folder / GPL_NAME))


@pytest.fixture(scope="session")
def clean_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """Linux 3.10.9 of 20221220: passes (a Berkeley DB source-offer warning)."""
    folder = tmp_path_factory.mktemp("gate-clean")
    return licscan.report(write_archive(era_archive("linux-3.10-20221220"), folder / CLEAN_NAME))


@pytest.fixture(scope="session")
def waived_report(gpl_report: Report) -> Report:
    inventory = gpl_report.inventory
    verdict = licscan.judge(inventory, parse_policy(WAIVE_READLINE), today=date(2025, 1, 1))
    return Report(inventory, verdict)


@pytest.fixture(scope="session")
def several_reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, ...]:
    """A folder with two install_only installations: new/py passes, old/py fails."""
    folder: Path = tmp_path_factory.mktemp("gate-bundle") / "bundle"
    for era, root in (("linux-3.9-20221220", "old/py"), ("linux-3.10-20221220", "new/py")):
        write_archive(relocate(to_install_only(era_archive(era)), root), folder, container="dir")
    return licscan.reports(folder)

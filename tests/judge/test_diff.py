"""`licscan.diff`: what changed between two judged installations (issue #11)."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from datetime import date
from pathlib import Path

import pytest

import licscan
from licscan.judge import Comparison, Diff, parse_policy
from licscan.model import Report
from tests.builders import era_archive, relocate, to_install_only, write_archive

OLD_NAME = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar"
NEW_NAME = "cpython-3.10.9+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar"
GPL = {("gpl-in-interpreter", "gdbm"), ("gpl-in-interpreter", "readline")}


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("diff")
    bundle = folder / "bundle"
    for era, root in (("linux-3.9-20221220", "old/py"), ("linux-3.10-20221220", "new/py")):
        write_archive(relocate(to_install_only(era_archive(era)), root), bundle, container="dir")
    return {
        "3.9": write_archive(era_archive("linux-3.9-20221220"), folder / OLD_NAME),
        "3.10": write_archive(era_archive("linux-3.10-20221220"), folder / NEW_NAME),
        "bundle": bundle,
    }


@pytest.fixture(scope="module")
def py39(archives: dict[str, Path]) -> Report:
    return licscan.report(archives["3.9"])


@pytest.fixture(scope="module")
def py310(archives: dict[str, Path]) -> Report:
    return licscan.report(archives["3.10"])


def _keys(findings: tuple[licscan.Finding, ...]) -> set[tuple[str, str | None]]:
    return {(f.id, f.component) for f in findings}


def test_3_9_to_3_10_drops_gnu_readline_and_gdbm(py39: Report, py310: Report) -> None:
    diff = licscan.diff(py39, py310)
    assert isinstance(diff, Diff)
    assert {s.key for s in diff.removed} == {"gdbm", "readline"}
    assert not diff.added
    assert _keys(diff.gone_findings) >= GPL
    assert not diff.new_violations and not diff.new_licenses
    assert not diff.fails() and not diff.fails(fail_on_new_license=True)
    changed = {c.key: c for c in diff.changed}
    cpython = changed["cpython"].change("version")
    assert cpython is not None and (cpython.old, cpython.new) == ("3.9.16", "3.10.9")
    libedit = changed["libedit"].change("shipping")  # build/ only in 3.9, installed in 3.10
    assert libedit is not None and (libedit.old, libedit.new) == ("build-only", "bundled")
    assert diff.old is not None and diff.new is not None
    assert (diff.old.python_version, diff.new.python_version) == ("3.9.16", "3.10.9")
    assert (diff.old.passed, diff.new.passed) == (False, True)


def test_3_10_to_3_9_brings_new_violations_and_gpl_ids(py39: Report, py310: Report) -> None:
    diff = licscan.diff(py310, py39)
    assert {s.key for s in diff.added} == {"gdbm", "readline"}
    assert _keys(diff.new_violations) == GPL
    assert _keys(diff.new_findings) >= GPL
    assert {(n.id, n.components) for n in diff.new_licenses} == {
        ("GPL-3.0-only", ("readline",)),
        ("GPL-3.0-or-later", ("gdbm",)),
    }
    assert diff.fails() and diff.fails(fail_on_new_license=True)


def test_an_archive_against_itself_is_empty(py39: Report) -> None:
    diff = licscan.diff(py39, py39)
    assert diff.empty and not diff.fails(fail_on_new_license=True)
    assert diff == Diff(diff.old, diff.new)
    with pytest.raises(FrozenInstanceError):
        diff.added = ()  # type: ignore[misc]


def test_a_violation_old_had_is_not_new(py39: Report) -> None:
    """The same GPL archive judged twice: its violations are OLD's too."""
    again = Report(py39.inventory, licscan.judge(py39.inventory))
    assert not licscan.diff(py39, again).new_violations


def test_a_waiver_that_lapses_is_a_new_violation(py39: Report) -> None:
    waive = """
name = "waive-gpl"
[[waivers]]
component = "readline"
finding = "gpl-in-interpreter"
reason = "internal only"
expires = 2030-01-01
"""
    policy = parse_policy(waive)
    waived = Report(py39.inventory, licscan.judge(py39.inventory, policy, today=date(2025, 1, 1)))
    lapsed = Report(py39.inventory, licscan.judge(py39.inventory, policy, today=date(2031, 1, 1)))
    diff = licscan.diff(waived, lapsed)
    assert _keys(diff.new_violations) == {("gpl-in-interpreter", "readline")}
    assert not diff.new_findings  # the finding was there; only the waiver changed


def test_license_changes_are_reported_by_field(py310: Report) -> None:
    inventory = py310.inventory
    zlib = inventory.component("zlib")
    assert zlib is not None
    changed = replace(zlib, concluded=replace(zlib.concluded, expression="Zlib AND MIT"))
    components = tuple(changed if c.key == "zlib" else c for c in inventory.components)
    new = replace(inventory, components=components)
    diff = licscan.diff(py310, Report(new, licscan.judge(new)))
    [change] = diff.changed
    assert change.key == "zlib" and [c.field for c in change.changes] == ["concluded"]
    assert not diff.new_licenses  # MIT is already shipped in 3.10 (libffi, pip, ...)


def test_installations_pair_by_minor_version_and_triple(
    archives: dict[str, Path], py39: Report
) -> None:
    bundle = licscan.reports(archives["bundle"])  # new/py 3.10, old/py 3.9
    comparison = licscan.diff_all([py39], bundle)
    assert isinstance(comparison, Comparison)
    [paired, only_new] = comparison.diffs
    assert paired.new is not None and paired.new.root == "old/py"
    assert {s.key for s in paired.removed} >= {"zlib", "openssl"}  # install_only knows less
    assert only_new.old is None and only_new.new is not None
    assert [s.root for s in comparison.unpaired_new] == ["new/py"]
    assert not comparison.unpaired_old
    backwards = licscan.diff_all(bundle, [py39])
    assert [s.root for s in backwards.unpaired_old] == ["new/py"]
    assert backwards.diffs[0].new is None and backwards.diffs[0].old is not None


def test_an_unpaired_new_installation_brings_its_violations(
    archives: dict[str, Path], py310: Report
) -> None:
    bundle = licscan.reports(archives["bundle"])
    comparison = licscan.diff_all([py310], bundle)  # 3.10 pairs with new/py; old/py is alone
    alone = [d for d in comparison.diffs if d.old is None]
    assert len(alone) == 1 and _keys(alone[0].new_violations) >= GPL
    assert comparison.fails()

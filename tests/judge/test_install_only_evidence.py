"""An install_only archive has no PYTHON.json: its findings must not cite one as evidence."""

from __future__ import annotations

from pathlib import Path

import licscan
from tests.builders import era_archive, to_install_only, write_archive


def test_install_only_findings_do_not_cite_a_python_json_the_archive_lacks(
    tmp_path: Path,
) -> None:
    name = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-install_only.tar.gz"
    spec = to_install_only(era_archive("linux-3.9-20221220"))
    report = licscan.report(write_archive(spec, tmp_path / name, container="gz"))
    findings = {(f.id, f.component): f for f in report.verdict.findings}
    checked = [
        ("gpl-in-interpreter", "readline"),
        ("gpl-in-interpreter", "gdbm"),
        ("source-offer", "bdb"),
    ]
    for key in checked:
        evidence = findings[key].evidence
        assert not [e for e in evidence if e.startswith("PYTHON.json")], (key, evidence)
        assert any("no PYTHON.json" in e for e in evidence), (key, evidence)
        assert any("_sysconfigdata" in e for e in evidence) or key[1] == "bdb", (key, evidence)


def test_full_archive_findings_still_cite_python_json(tmp_path: Path) -> None:
    name = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
    report = licscan.report(write_archive(era_archive("linux-3.9-20221220"), tmp_path / name))
    (gpl,) = [
        f
        for f in report.verdict.findings
        if f.component == "readline" and f.id == "gpl-in-interpreter"
    ]
    assert any(e.startswith("PYTHON.json build_info.extensions.readline") for e in gpl.evidence)

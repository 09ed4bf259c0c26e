"""CPython 3.10 pre-releases (3.10.0a5-3.10.0b4, releases 20210228-20210724) were built with
the same GNU readline and _gdbm configuration as 3.8/3.9 (spec 4.3, point 3): an install_only
archive of one, with no build configuration to read, is GPL by the release timeline."""

from __future__ import annotations

from pathlib import Path

import licscan
from tests.builders import linux_python_json, synthetic_full_spec, to_install_only, write_archive


def _install_only_without_configuration(tmp_path: Path, release: str, name: str) -> Path:
    info = linux_python_json("3.10", release)
    spec = to_install_only(synthetic_full_spec(info, release=release), release=release)
    spec.members = {n: d for n, d in spec.members.items() if "_sysconfigdata" not in n}
    return write_archive(
        spec, tmp_path / name.format(version=info["python_version"]), container="gz"
    )


def test_310_prerelease_install_only_is_gpl_by_the_timeline(tmp_path: Path) -> None:
    path = _install_only_without_configuration(
        tmp_path,
        "20210724",
        "cpython-{version}-x86_64-unknown-linux-gnu-install_only-20210724T1424.tar.gz",
    )
    report = licscan.report(path)
    assert report.inventory.python_version == "3.10.0b4"
    gpl = sorted(f.component or "" for f in report.verdict.findings if f.id == "gpl-in-interpreter")
    assert gpl == ["gdbm", "readline"]
    readline = next(f for f in report.verdict.findings if f.component == "readline")
    assert "3.10 pre-releases" in readline.message and "one of them" in readline.message


def test_310_final_install_only_is_not_gpl(tmp_path: Path) -> None:
    path = _install_only_without_configuration(
        tmp_path,
        "20211012",
        "cpython-{version}-x86_64-unknown-linux-gnu-install_only-20211012T1840.tar.gz",
    )
    report = licscan.report(path)
    assert report.inventory.python_version == "3.10.0"
    assert not [f for f in report.verdict.findings if f.id == "gpl-in-interpreter"]

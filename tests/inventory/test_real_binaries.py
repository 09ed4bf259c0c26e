"""From real binaries to the verdict: install_only archives whose interpreter is a REAL static
link (tests/binaries/fetch.sh), with no PBS name and no build configuration to lean on."""

from __future__ import annotations

from pathlib import Path

import pytest

import licscan
from licscan.model import Inventory
from tests.builders import (
    ArchiveSpec,
    era_archive,
    full_archive_spec,
    relocate,
    to_install_only,
    write_archive,
)
from tests.read.binaries import manifest_of, upstream

INTERPRETER = "python/bin/python3.9"


def _spec(testbins: Path, executable: str, era: str = "linux-3.9-20221220") -> ArchiveSpec:
    spec = to_install_only(era_archive(era))
    for name in [n for n in spec.members if "/_sysconfigdata_" in n]:
        del spec.members[name]  # only the code can tell
    interpreter = next(n for n in spec.members if n.startswith("python/bin/python3."))
    spec.members[interpreter] = (testbins / "bin" / executable).read_bytes()
    return spec


def _scan(spec: ArchiveSpec, path: Path) -> Inventory:
    container = "dir" if path.suffix == "" else "gz"
    return licscan.scan(write_archive(spec, path, container=container))


@pytest.mark.parametrize("executable", ["readline-static", "readline-static.stripped"])
def test_gpl_readline_found_in_the_code_of_a_renamed_archive(
    testbins: Path, tmp_path: Path, executable: str
) -> None:
    inventory = _scan(_spec(testbins, executable), tmp_path / "python-runtime.tar.gz")
    readline = inventory.component("readline")
    assert readline is not None
    want = upstream(manifest_of(testbins)["packages"]["libreadline8"]["version"])
    assert (readline.version, readline.version_source) == (
        want,
        f"version string in {INTERPRETER}",
    )
    verdict = licscan.judge(inventory)
    assert not verdict.passed
    (gpl,) = [f for f in verdict.violations if f.component == "readline"]
    assert gpl.id == "gpl-in-interpreter" and "bin/python3.9" in gpl.message


def test_gpl_gdbm_found_in_an_unpacked_uv_folder(testbins: Path, tmp_path: Path) -> None:
    spec = relocate(_spec(testbins, "gdbm-static.stripped"), "")
    inventory = _scan(spec, tmp_path / "cpython-3.9.16-linux-x86_64-gnu")
    assert inventory.archive.root == ""
    assert {f.component for f in licscan.judge(inventory).violations} >= {"gdbm"}


def test_an_app_bundle_holding_a_gpl_interpreter(testbins: Path, tmp_path: Path) -> None:
    spec = relocate(_spec(testbins, "readline-static.stripped"), "MyApp/runtime")
    inventory = _scan(spec, tmp_path / "myapp.tar.gz")
    assert inventory.archive.root == "MyApp/runtime"
    assert "readline" in {f.component for f in licscan.judge(inventory).violations}


def test_a_libedit_interpreter_is_gpl_free(testbins: Path, tmp_path: Path) -> None:
    spec = _spec(testbins, "editline-static.stripped", era="linux-3.10-20221220")
    inventory = _scan(spec, tmp_path / "python.tar.gz")
    assert inventory.component("readline") is None
    libedit = inventory.component("libedit")
    assert libedit is not None and libedit.sightings
    assert licscan.judge(inventory).passed


def test_windows_versions_are_read_from_the_dlls(testbins: Path, tmp_path: Path) -> None:
    apsw = "wheelx/apsw-3.50.4.0-cp311-cp311-win_amd64/apsw/__init__.cp311-win_amd64.pyd"
    crypto = (
        "wheelx/cryptography-46.0.3-cp311-abi3-win_amd64/cryptography/hazmat/bindings/_rust.pyd"
    )
    spec = full_archive_spec("windows")
    spec.members["python/install/DLLs/sqlite3.dll"] = (testbins / apsw).read_bytes()
    spec.members["python/install/DLLs/libcrypto-3-x64.dll"] = (testbins / crypto).read_bytes()
    inventory = licscan.scan(write_archive(spec, tmp_path / "windows.tar.zst"))
    sqlite = inventory.component("sqlite")
    assert sqlite is not None
    assert sqlite.version == "3.50.4"
    assert sqlite.version_source == "version string in python/install/DLLs/sqlite3.dll"
    openssl = inventory.component("openssl-3")
    assert openssl is not None and openssl.version is not None
    assert openssl.version.startswith("3.5.")
    formats = {b.member: b.format for b in inventory.binaries}
    assert formats["python/install/DLLs/sqlite3.dll"] == "pe"

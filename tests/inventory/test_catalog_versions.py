"""Component versions from PBS's per-release component list, where two downloads of one
component coexist (libffi / libffi-3.3, tcl / tcl-8612, tk / tk-8612) and before the list
carried license keys (releases 20190427 and 20190505, PYTHON.json formats 0 and 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan import scan
from licscan.model import Inventory
from tests.builders import (
    full_archive_spec,
    linux_python_json,
    release_components,
    synthetic_full_spec,
    windows_python_json,
    write_archive,
)
from tests.builders.shared import JSON


def _scan(tmp_path: Path, info: JSON, release: str, name: str) -> Inventory:
    spec = synthetic_full_spec(info, release=release)
    return scan(write_archive(spec, tmp_path / name))


def _version(inventory: Inventory, key: str) -> str | None:
    component = inventory.component(key)
    assert component is not None, key
    return component.version


def _pinned(release: str, download: str) -> str:
    version = release_components(release)[download]["version"]
    assert isinstance(version, str)
    return version


def test_real_macos_libffi_is_the_libffi_download_not_the_musl_only_3_3(tmp_path: Path) -> None:
    inventory = scan(write_archive(full_archive_spec("macos"), tmp_path / "mac.tar.zst"))
    # 20240725 pins libffi 3.4.6 for every Unix target and libffi-3.3 for musl only
    assert _version(inventory, "libffi") == _pinned("20240725", "libffi") != "3.3"


@pytest.mark.parametrize(
    ("triple", "download"),
    [("x86_64-unknown-linux-gnu", "libffi"), ("x86_64-unknown-linux-musl", "libffi-3.3")],
)
def test_linux_libffi_follows_the_libc(tmp_path: Path, triple: str, download: str) -> None:
    release = "20250311"
    info = linux_python_json("3.12", release, triple=triple)
    inventory = _scan(
        tmp_path, info, release, f"cpython-3.12.9+{release}-{triple}-lto-full.tar.zst"
    )
    assert _version(inventory, "libffi") == _pinned(release, download)


def test_tcl_9_of_20260814_is_not_reported_as_8_6_12(tmp_path: Path) -> None:
    release = "20260814"
    info = linux_python_json("3.14", release)
    name = f"cpython-3.14.7+{release}-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
    inventory = _scan(tmp_path, info, release, name)
    assert (_version(inventory, "tcl"), _version(inventory, "tk")) == (
        _pinned(release, "tcl"),
        _pinned(release, "tk"),
    )
    assert _pinned(release, "tcl").startswith("9.")


@pytest.mark.parametrize(("minor", "download"), [("3.14", "tcl"), ("3.13", "tcl-8612")])
def test_windows_tcl_is_9_from_3_14_and_8_6_12_before(
    tmp_path: Path, minor: str, download: str
) -> None:
    release = "20260814"
    info = windows_python_json(minor, release)
    name = f"cpython-{info['python_version']}+{release}-x86_64-pc-windows-msvc-pgo-full.tar.zst"
    inventory = _scan(tmp_path, info, release, name)
    suffix = download.removeprefix("tcl")
    assert _version(inventory, "tcl") == _pinned(release, download)
    assert _version(inventory, "tk") == _pinned(release, f"tk{suffix}")


@pytest.mark.parametrize("release", ["20190427", "20190505"])
def test_format_0_and_1_archives_get_the_versions_their_release_pinned(
    tmp_path: Path, release: str
) -> None:
    info = linux_python_json("3.7", release)
    name = f"cpython-3.7.3-linux64-pgo-{release}T0000.tar.zst"
    inventory = _scan(tmp_path, info, release, name)
    for key in ("readline", "bdb", "ncurses", "zlib", "libffi"):
        assert _version(inventory, key) == _pinned(release, key), key


@pytest.mark.parametrize(("minor", "download"), [("3.10", "libffi-3.3"), ("3.11", "libffi")])
def test_windows_libffi_is_3_3_below_3_11(tmp_path: Path, minor: str, download: str) -> None:
    release = "20240415"  # libffi-7.dll (3.3) for 3.8-3.10, libffi-8.dll (3.4) from 3.11
    info = windows_python_json(minor, release)
    name = f"cpython-{info['python_version']}+{release}-x86_64-pc-windows-msvc-pgo-full.tar.zst"
    assert _version(_scan(tmp_path, info, release, name), "libffi") == _pinned(release, download)

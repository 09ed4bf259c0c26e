"""Windows builds compile zlib into the core DLL with no license keys; from 3.14 the code is
zlib-ng (`zlib_entry` of cpython-windows/build.py, spec 2.5), not zlib."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan import scan
from tests.builders import (
    release_components,
    synthetic_full_spec,
    windows_python_json,
    write_archive,
)


@pytest.mark.parametrize(
    ("minor", "release", "key"),
    [("3.14", "20260814", "zlib-ng"), ("3.13", "20260814", "zlib"), ("3.14", "20250205", "zlib")],
)
def test_windows_in_core_zlib_is_zlib_ng_from_3_14(
    tmp_path: Path, minor: str, release: str, key: str
) -> None:
    info = windows_python_json(minor, release)
    name = f"cpython-{info['python_version']}+{release}-x86_64-pc-windows-msvc-pgo-full.tar.zst"
    inventory = scan(write_archive(synthetic_full_spec(info, release=release), tmp_path / name))
    other = "zlib" if key == "zlib-ng" else "zlib-ng"
    assert inventory.component(other) is None
    component = inventory.component(key)
    assert component is not None
    assert component.version == release_components(release)[key]["version"]
    assert component.concluded.expression == "Zlib"
    assert component.used_by == ("zlib",)
    assert [c.code for c in component.corrections] == ["windows-in-core-zlib"]
    assert key in component.corrections[0].message

"""Static musl libc (MIT) is code PBS ships without annotating it. Every musl build before
20250311 was static (spec 1.4), including those whose PYTHON.json predates `crt_features`
(formats 2-4: only the file name, `linux64-musl`, says musl) and install_only archives."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan import scan
from licscan.model import Component, Shipping
from tests.builders import (
    linux_python_json,
    release_components,
    synthetic_full_spec,
    to_install_only,
    write_archive,
)

MUSL = "x86_64-unknown-linux-musl"


def _musl(
    tmp_path: Path, python: str, release: str, name: str, *, install_only: bool = False
) -> Component | None:
    spec = synthetic_full_spec(linux_python_json(python, release, triple=MUSL), release=release)
    if install_only:
        spec = to_install_only(spec, release=release)
    inventory = scan(
        write_archive(spec, tmp_path / name, container="gz" if install_only else "zst")
    )
    return inventory.component("musl")


def test_format_2_musl_archive_named_linux64_musl_lists_static_musl(tmp_path: Path) -> None:
    musl = _musl(tmp_path, "3.7", "20190617", "cpython-3.7.3-linux64-musl-20190618T0400.tar.zst")
    assert musl is not None
    assert musl.shipping is Shipping.BUNDLED
    assert musl.concluded.expression == "MIT"


@pytest.mark.parametrize(
    "name",
    [
        "cpython-3.9.16+20221220-x86_64-unknown-linux-musl-install_only.tar.gz",
        "cpython-3.9.6-x86_64-unknown-linux-musl-install_only-20210724T1424.tar.gz",
    ],
)
def test_musl_install_only_before_20250311_lists_static_musl(tmp_path: Path, name: str) -> None:
    release = "20221220" if "20221220" in name else "20210724"
    musl = _musl(tmp_path, "3.9", release, name, install_only=True)
    assert musl is not None
    assert musl.shipping is Shipping.BUNDLED


def test_glibc_archive_of_the_same_era_has_no_musl(tmp_path: Path) -> None:
    spec = synthetic_full_spec(linux_python_json("3.7", "20190617"), release="20190617")
    inventory = scan(write_archive(spec, tmp_path / "cpython-3.7.3-linux64-20190618T0400.tar.zst"))
    assert inventory.component("musl") is None


@pytest.mark.parametrize(
    ("release", "python", "options", "download"),
    [("20221220", "3.9", "lto", "musl"), ("20250311", "3.12", "lto+static", "musl-static")],
)
def test_static_musl_has_the_version_the_release_pinned(
    tmp_path: Path, release: str, python: str, options: str, download: str
) -> None:
    info = linux_python_json(python, release, triple=MUSL, build_options=options)
    name = f"cpython-{info['python_version']}+{release}-{MUSL}-{options}-full.tar.zst"
    inventory = scan(write_archive(synthetic_full_spec(info, release=release), tmp_path / name))
    musl = inventory.component("musl")
    assert musl is not None
    assert musl.version == release_components(release)[download]["version"]
    assert musl.version_source == f"component list of PBS release {release}"

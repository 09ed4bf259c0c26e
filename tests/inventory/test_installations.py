"""Pythons without PYTHON.json, as people ship them: uv folders, app bundles, folders of several."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import licscan
from licscan.model import ReleaseSource
from licscan.pbs import parse_uv_key
from tests.builders import ArchiveSpec, era_archive, relocate, to_install_only, write_archive

UV_39 = "cpython-3.9.16-linux-x86_64-gnu"


def _uv_folder(tmp_path: Path, era: str, key: str, build: str | None) -> Path:
    spec = relocate(to_install_only(era_archive(era)), "")
    if build is not None:
        spec.members["BUILD"] = f"{build}\n".encode()
    return write_archive(spec, tmp_path / key, container="dir")


def test_a_uv_folder_says_its_release_in_the_build_file(tmp_path: Path) -> None:
    inventory = licscan.scan(_uv_folder(tmp_path, "linux-3.9-20221220", UV_39, "20221220"))
    assert inventory.release.tag == "20221220"
    assert inventory.release.source is ReleaseSource.BUILD_FILE
    assert "BUILD file" in inventory.release.detail
    assert inventory.asset is not None and inventory.asset.triple == "x86_64-unknown-linux-gnu"
    assert inventory.archive.root == ""
    verdict = licscan.judge(inventory)
    assert {f.component for f in verdict.violations} == {"gdbm", "readline"}
    report = licscan.Report(inventory, verdict)
    for fmt in ("json", "notice", "cyclonedx", "spdx", "spdx3", "html"):  # every output says so
        assert b"BUILD file" in licscan.render_report(report, fmt), fmt


def test_an_app_bundle_holding_a_python_is_found_and_judged(tmp_path: Path) -> None:
    spec = relocate(to_install_only(era_archive("linux-3.9-20221220")), "addons/py/x11-64")
    spec.members["addons/README.md"] = b"an app's own file\n"
    inventory = licscan.scan(write_archive(spec, tmp_path / "game.tar.gz", container="gz"))
    assert inventory.archive.root == "addons/py/x11-64"
    assert inventory.python_version == "3.9.16"
    assert inventory.component("readline") is not None
    assert not any(m.startswith("python/README") for m in inventory.license_texts)


def test_a_folder_of_several_installations_reports_each(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    for era, key in (("linux-3.9-20221220", UV_39), ("linux-3.10-20221220", "cpython-3.10.9")):
        _uv_folder(tmp_path, era, key, None)
        shutil.move(tmp_path / key, bundle / "pythons" / key)
    found = licscan.scan_all(bundle)
    assert [i.archive.root for i in found] == [
        "pythons/cpython-3.10.9",
        f"pythons/{UV_39}",
    ]
    assert [i.python_version for i in found] == ["3.10.9", "3.9.16"]
    assert found[0].archive.identity != found[1].archive.identity
    with pytest.raises(licscan.InputError, match="holds 2 Python installations"):
        licscan.scan(bundle)
    reports = licscan.reports(bundle)
    assert [r.verdict.passed for r in reports] == [True, False]


@pytest.mark.parametrize(
    ("key", "triple", "options"),
    [
        ("cpython-3.12.7-linux-x86_64-gnu", "x86_64-unknown-linux-gnu", None),
        ("cpython-3.13.1+freethreaded-macos-aarch64-none", "aarch64-apple-darwin", "freethreaded"),
        ("cpython-3.11.9-windows-x86-none", "i686-pc-windows-msvc", None),
        ("cpython-3.10.15-linux-x86_64_v3-musl", "x86_64_v3-unknown-linux-musl", None),
        ("cpython-3.12.0rc2-linux-armv7-gnueabihf", "armv7-unknown-linux-gnueabihf", None),
    ],
)
def test_uv_installation_keys(key: str, triple: str, options: str | None) -> None:
    asset = parse_uv_key(f"/home/u/.local/share/uv/python/{key}")
    assert asset is not None
    assert (asset.triple, asset.build_options) == (triple, options)
    assert asset.freethreaded == (options == "freethreaded")


def test_names_that_are_not_uv_keys() -> None:
    for name in ("python", "cpython-3.12-linux", "pypy-3.10.14-linux-x86_64-gnu", "cpython-3.12.7"):
        assert parse_uv_key(name) is None


def _non_pbs(spec: ArchiveSpec) -> ArchiveSpec:
    """The same installation as another CPython build (pyenv, a distro) configures it."""
    for name in [n for n in spec.members if "/_sysconfigdata_" in n]:
        text = spec.members[name].decode()
        text = text.replace(
            "'--prefix=/install' '--with-openssl=/tools/deps'", "'--prefix=/opt/py'"
        )
        spec.members[name] = text.encode()
    return spec


def test_another_cpython_build_gets_no_pbs_timeline(tmp_path: Path) -> None:
    spec = _non_pbs(to_install_only(era_archive("linux-3.10-20221220")))
    inventory = licscan.scan(write_archive(spec, tmp_path / "python.tar.gz", container="gz"))
    assert inventory.release.source is ReleaseSource.UNKNOWN
    assert "not a PBS build" in inventory.release.detail
    # what the build itself says still counts; PBS's timeline ("every PBS Linux build links
    # Berkeley DB") does not
    for key in ("bdb", "libedit"):
        component = inventory.component(key)
        assert component is not None
        assert [c.code for c in component.corrections] == ["inferred-from-build-config"]
    assert not any(
        c.code == "inferred-from-release" for comp in inventory.components for c in comp.corrections
    )


def test_dist_info_license_folders_are_not_license_files(tmp_path: Path) -> None:
    spec = relocate(to_install_only(era_archive("linux-3.10-20221220")), "")
    site = "lib/python3.10/site-packages/demo-1.0.dist-info"
    spec.members[f"{site}/METADATA"] = b"Metadata-Version: 2.4\nName: demo\nVersion: 1.0\n"
    spec.members[f"{site}/licenses/sub/LICENSE"] = b"MIT License\n"
    inventory = licscan.scan(
        write_archive(spec, tmp_path / "cpython-3.10.9-linux-x86_64-gnu", container="dir")
    )
    demo = inventory.component("pypi/demo")
    assert demo is not None
    assert [f.path for f in demo.license_files] == [f"{site}/licenses/sub/LICENSE"]

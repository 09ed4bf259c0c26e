"""Code vendored inside other code: pip's _vendor/, the ensurepip wheels, CPython's own copies.

The pip and setuptools wheels are the real ones from PyPI, fetched at test time into a cache
(tests/builders/fetch.py); their vendor.txt, license texts and bytes go into built archives.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from licscan import scan
from licscan.inventory.vendored import parse_vendor_txt
from licscan.model import Component, FileStatus, Inventory, Shipping
from licscan.read import layout
from tests.builders import ArchiveSpec, era_archive, full_archive_spec, write_archive
from tests.builders.fetch import real_wheel

MAC_SITE = "python/install/lib/python3.11/site-packages/"
MAC_BUNDLED = "python/install/lib/python3.11/ensurepip/_bundled/"
WIN_BUNDLED = "python/install/Lib/ensurepip/_bundled/"


def _members(wheel: bytes, prefix: str = "") -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        return {prefix + i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}


def _scan(tmp_path: Path, spec: ArchiveSpec, name: str = "archive.tar") -> Inventory:
    return scan(write_archive(spec, tmp_path / name, container="tar"))


def _component(inventory: Inventory, key: str) -> Component:
    found = inventory.component(key)
    assert found is not None, f"no {key}: {[c.key for c in inventory.components]}"
    return found


def _keys(inventory: Inventory, prefix: str) -> set[str]:
    return {c.key for c in inventory.components if c.key.startswith(prefix)}


def test_real_pip_24_0_vendor_txt_gives_names_and_versions() -> None:
    text = _members(real_wheel("pip", "24.0"))["pip/_vendor/vendor.txt"].decode()
    found = dict(parse_vendor_txt(text))
    assert found["CacheControl"] == "0.13.1"  # a line with a trailing comment
    assert found["certifi"] == "2023.7.22"  # an indented line (a dependency of requests)
    assert found["urllib3"] == "1.26.17"
    assert found["truststore"] == "0.8.0"
    assert len(found) == 24


def test_parse_vendor_txt_skips_comments_blanks_and_other_lines() -> None:
    text = "# pinned\n\nrich==13.4.2  # comment\n    pygments==2.15.1\nstand-in for a file\n"
    assert parse_vendor_txt(text) == [("rich", "13.4.2"), ("pygments", "2.15.1")]


def test_pip_24_1_2_vendored_packages_are_components_with_table_licenses(
    tmp_path: Path,
) -> None:
    wheel = _members(real_wheel("pip", "24.1.2"))
    extra = {f"{MAC_SITE}pip/_vendor/vendor.txt": wheel["pip/_vendor/vendor.txt"]}
    inventory = _scan(tmp_path, full_archive_spec("macos", extra_members=extra))
    certifi = _component(inventory, "pip/_vendor/certifi")
    assert (certifi.name, certifi.version, certifi.concluded.expression) == (
        "certifi",
        "2024.2.2",
        "MPL-2.0",
    )
    assert certifi.shipping is Shipping.BUNDLED
    assert certifi.version_source.endswith("site-packages/pip/_vendor/vendor.txt")
    assert certifi.license_files == ()  # pip 24.1.2 ships no text for its vendored packages
    assert "vendored inside pip 24.1.2" in certifi.notes[0]
    assert "data/pip-vendored.json" in certifi.notes[1]
    assert "ships no license text" in certifi.notes[1]
    expected = {
        "urllib3": "MIT",
        "requests": "Apache-2.0",
        "rich": "MIT",
        "distlib": "PSF-2.0",
        "setuptools": "MIT",  # vendored as pip/_vendor/pkg_resources
        "typing-extensions": "PSF-2.0",
        "packaging": "Apache-2.0 OR BSD-2-Clause",
    }
    for key, spdx in expected.items():
        assert _component(inventory, f"pip/_vendor/{key}").declared.expression in (spdx,)
    unknown = [c.key for c in inventory.components if c.key.startswith("pip/_vendor/")]
    assert all(_component(inventory, k).declared.known for k in unknown), unknown


def test_pip_25_3_license_texts_are_attached_from_the_wheel(tmp_path: Path) -> None:
    wheel = _members(real_wheel("pip", "25.3"), prefix=MAC_SITE)
    wanted = {n: b for n, b in wheel.items() if layout.keep(n) or n.endswith("vendor.txt")}
    drop = [f"{MAC_SITE}pip-24.1.2.dist-info/"]  # the listing's own pip: one pip here
    inventory = _scan(tmp_path, full_archive_spec("macos", extra_members=wanted, drop=drop))
    certifi = _component(inventory, "pip/_vendor/certifi")
    paths = [f.path for f in certifi.license_files]
    site = MAC_SITE.removeprefix("python/")
    assert paths == [
        f"{site}pip-25.3.dist-info/licenses/src/pip/_vendor/certifi/LICENSE",
        f"{site}pip/_vendor/certifi/LICENSE",
    ]
    assert all(f.status is FileStatus.PRESENT for f in certifi.license_files)
    assert "Mozilla Public License" in inventory.license_texts[paths[1]]
    assert "pip 25.3" in certifi.notes[0]
    setuptools = _component(inventory, "pip/_vendor/setuptools")
    assert any(
        f.path.endswith("pip/_vendor/pkg_resources/LICENSE") for f in setuptools.license_files
    )
    assert "pip/_vendor/vendor.txt" not in " ".join(inventory.license_texts)


def test_real_ensurepip_wheels_are_read_from_their_bytes(tmp_path: Path) -> None:
    extra = {
        f"{MAC_BUNDLED}pip-24.0-py3-none-any.whl": real_wheel("pip", "24.0"),
        f"{MAC_BUNDLED}setuptools-65.5.0-py3-none-any.whl": real_wheel("setuptools", "65.5.0"),
    }
    inventory = _scan(tmp_path, full_archive_spec("macos", extra_members=extra))
    pip = _component(inventory, "ensurepip/pip")
    assert (pip.name, pip.version, pip.concluded.expression) == ("pip", "24.0", "MIT")
    assert pip.version_source == "the wheel's dist-info METADATA"
    where = MAC_BUNDLED.removeprefix("python/") + "pip-24.0-py3-none-any.whl"
    assert [f.path for f in pip.license_files] == [
        f"{where}!/pip-24.0.dist-info/AUTHORS.txt",
        f"{where}!/pip-24.0.dist-info/LICENSE.txt",
    ]
    assert all(f.status is FileStatus.PRESENT for f in pip.license_files)
    assert (
        "Permission is hereby granted"
        in inventory.license_texts[f"{where}!/pip-24.0.dist-info/LICENSE.txt"]
    )
    assert pip.hashes[0].member == f"python/{where}"
    setuptools = _component(inventory, "ensurepip/setuptools")
    assert (setuptools.version, setuptools.concluded.expression) == ("65.5.0", "MIT")


def test_windows_ensurepip_wheel_under_lib(tmp_path: Path) -> None:
    extra = {f"{WIN_BUNDLED}pip-24.0-py3-none-any.whl": real_wheel("pip", "24.0")}
    inventory = _scan(tmp_path, full_archive_spec("windows", extra_members=extra))
    assert _component(inventory, "ensurepip/pip").concluded.expression == "MIT"


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb-1.0.dist-info/METADATA", b"\0" * (8 << 20))
        archive.writestr("bomb-1.0.dist-info/LICENSE", b"MIT License\n")
    return buffer.getvalue()


def test_a_zip_bomb_or_broken_wheel_is_not_read(tmp_path: Path) -> None:
    extra = {
        f"{MAC_BUNDLED}bomb-1.0-py3-none-any.whl": _bomb(),
        f"{MAC_BUNDLED}broken-2.0-py3-none-any.whl": b"not a zip",
    }
    inventory = _scan(tmp_path, full_archive_spec("macos", extra_members=extra))
    bomb = _component(inventory, "ensurepip/bomb")
    assert (bomb.version, bomb.version_source) == ("1.0", "the wheel's file name")
    assert [f.status for f in bomb.license_files] == [FileStatus.PRESENT]
    broken = _component(inventory, "ensurepip/broken")
    assert broken.version == "2.0" and not broken.declared.known
    assert "could not be read" in broken.notes[-1]


def test_keep_holds_vendor_txt_wheels_and_vendored_license_texts() -> None:
    assert layout.keep(f"{MAC_SITE}pip/_vendor/vendor.txt")
    assert layout.keep(f"{MAC_SITE}pip/_vendor/certifi/LICENSE")
    assert layout.keep(f"{MAC_SITE}pip/_vendor/six.LICENSE")
    assert layout.keep(f"{MAC_BUNDLED}pip-24.0-py3-none-any.whl")
    assert layout.keep(f"{WIN_BUNDLED}pip-24.0-py3-none-any.whl")
    assert not layout.keep(f"{MAC_SITE}pip/_vendor/packaging/licenses/__init__.py")
    assert not layout.keep(f"{MAC_SITE}pip/_vendor/certifi/cacert.pem")


def test_windows_3_11_uses_cpythons_bundled_expat_and_libmpdec(tmp_path: Path) -> None:
    inventory = _scan(tmp_path, full_archive_spec("windows"))
    assert _keys(inventory, "cpython/") == {
        "cpython/expat",
        "cpython/libmpdec",
        "cpython/blake2-reference",
        "cpython/tiny-sha3",
        "cpython/dtoa",
        "cpython/siphash",
        "cpython/mersenne-twister",
        "cpython/cfuhash",
    }
    expat = _component(inventory, "cpython/expat")
    assert expat.concluded.expression == "MIT" and expat.shipping is Shipping.BUNDLED
    assert "CPython 3.11 source tree" in expat.notes[0]
    # CPython's section and the project's own text, which PBS ships: that code is in the archive
    assert [f.path for f in expat.license_files] == [
        "licenses/LICENSE.cpython.txt",
        "licenses/LICENSE.expat.txt",
    ]
    assert all(f.status is FileStatus.PRESENT for f in expat.license_files)
    libmpdec = _component(inventory, "cpython/libmpdec")
    assert "licenses/LICENSE.mpdecimal.txt" in [f.path for f in libmpdec.license_files]
    unreferenced = {e.file.path for e in inventory.license_dir if not e.referenced}
    assert not {"licenses/LICENSE.expat.txt", "licenses/LICENSE.mpdecimal.txt"} & unreferenced
    assert "licenses/LICENSE.ncurses.txt" in unreferenced  # Windows has no ncurses: still said


def test_macos_3_11_links_pbs_expat_so_no_bundled_copy(tmp_path: Path) -> None:
    keys = _keys(_scan(tmp_path, full_archive_spec("macos")), "cpython/")
    assert "cpython/expat" not in keys and "cpython/libmpdec" not in keys
    assert "cpython/tiny-sha3" in keys


def test_linux_3_9_before_20230116_compiles_bundled_expat_and_keccak(tmp_path: Path) -> None:
    inventory = _scan(tmp_path, era_archive("linux-3.9-20221220"))
    keys = _keys(inventory, "cpython/")
    assert {"cpython/expat", "cpython/libmpdec", "cpython/keccak-code-package"} <= keys
    assert "cpython/hacl-star" not in keys
    assert (
        "PYTHON.json annotates no PBS-built expat"
        in _component(inventory, "cpython/expat").notes[1]
    )


def test_linux_3_14_has_hacl_and_mimalloc_but_no_blake2_reference(tmp_path: Path) -> None:
    keys = _keys(_scan(tmp_path, era_archive("linux-3.14-20260814")), "cpython/")
    assert {"cpython/hacl-star", "cpython/mimalloc"} <= keys
    assert not keys & {"cpython/blake2-reference", "cpython/tiny-sha3", "cpython/expat"}

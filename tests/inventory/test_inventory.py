"""The inventory of real and era archives, built at test time from ../shared/pbs."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan import judge, scan
from licscan.model import FileStatus, Flavor, Inventory, LinkKind, ReleaseSource, Shipping
from tests.builders import (
    ArchiveSpec,
    era_archive,
    full_archive_spec,
    to_install_only,
    write_archive,
)

# key -> (concluded SPDX expression, shipping, extensions that use it)
MACOS_3_11_9 = {
    "cpython": ("CNRI-Python AND Python-2.0", Shipping.BUNDLED, ()),
    "bzip2": ("bzip2-1.0.6", Shipping.BUNDLED, ("_bz2",)),
    "expat": ("MIT", Shipping.BUNDLED, ("_elementtree", "pyexpat")),
    "libedit": ("BSD-3-Clause", Shipping.SYSTEM, ("readline",)),
    "libffi": ("MIT", Shipping.BUNDLED, ("_ctypes",)),
    "mpdecimal": ("BSD-2-Clause", Shipping.BUNDLED, ("_decimal",)),
    "ncurses": ("X11", Shipping.SYSTEM, ("_curses", "_curses_panel", "readline")),
    "openssl-3": ("Apache-2.0", Shipping.BUNDLED, ("_hashlib", "_ssl")),
    "sqlite": ("LicenseRef-PBS-Public-Domain", Shipping.BUNDLED, ("_sqlite3",)),
    "tcl": ("TCL", Shipping.BUNDLED, ("_tkinter",)),
    "tk": ("TCL", Shipping.BUNDLED, ("_tkinter",)),
    "uuid": ("BSD-3-Clause", Shipping.BUNDLED, ("_uuid",)),
    "xz": ("LicenseRef-PBS-Public-Domain", Shipping.BUNDLED, ("_lzma",)),
    "zlib": ("Zlib", Shipping.SYSTEM, ("zlib",)),
    "compiler-rt": ("Apache-2.0 WITH LLVM-exception", Shipping.BUILD_ONLY, ()),
    "pypi/pip": ("MIT", Shipping.BUNDLED, ()),
    "pypi/setuptools": ("MIT", Shipping.BUNDLED, ()),
}
WINDOWS_3_11_9 = {
    "cpython": ("CNRI-Python AND Python-2.0", Shipping.BUNDLED, ()),
    "bzip2": ("bzip2-1.0.6", Shipping.BUNDLED, ("_bz2",)),
    "libffi": ("MIT", Shipping.BUNDLED, ("_ctypes",)),
    "openssl-3": ("Apache-2.0", Shipping.BUNDLED, ("_hashlib", "_ssl")),
    "sqlite": ("LicenseRef-PBS-Public-Domain", Shipping.BUNDLED, ("_sqlite3",)),
    "tcl": ("TCL", Shipping.BUNDLED, ("_tkinter",)),
    "tix": ("TCL", Shipping.BUNDLED, ("_tkinter",)),
    "tk": ("TCL", Shipping.BUNDLED, ("_tkinter",)),
    "uuid": ("BSD-3-Clause", Shipping.BUNDLED, ("_uuid",)),
    "xz": ("LicenseRef-PBS-Public-Domain", Shipping.BUNDLED, ("_lzma",)),
    "zlib": ("Zlib", Shipping.BUNDLED, ("zlib",)),
    "vcruntime": ("LicenseRef-PBS-Microsoft-Distributable-Code", Shipping.BUNDLED, ()),
    "pypi/pip": ("MIT", Shipping.BUNDLED, ()),
    "pypi/setuptools": ("MIT", Shipping.BUNDLED, ()),
}


def _scan(tmp_path: Path, name: str, container: str = "zst", order: str = "pbs") -> Inventory:
    suffix = {"zst": ".tar.zst", "gz": ".tar.gz", "tar": ".tar", "dir": ""}[container]
    path = write_archive(
        era_archive(name),
        tmp_path / f"{name}{suffix}",
        container=container,
        order=order,  # type: ignore[arg-type]
    )
    return scan(path)


VENDORED = ("cpython/", "pip/_vendor/", "ensurepip/")  # tests/inventory/test_vendored.py


def _table(inventory: Inventory) -> dict[str, tuple[str, Shipping, tuple[str, ...]]]:
    return {
        c.key: (c.concluded.expression, c.shipping, c.used_by)
        for c in inventory.components
        if not c.key.startswith(VENDORED)
    }


@pytest.mark.parametrize("container", ["zst", "gz", "tar", "dir"])
@pytest.mark.parametrize("order", ["pbs", "shuffled"])
def test_real_macos_inventory_is_exact_in_every_form(
    tmp_path: Path, container: str, order: str
) -> None:
    inventory = _scan(tmp_path, "macos-3.11.9-real", container, order)
    assert _table(inventory) == MACOS_3_11_9
    assert inventory.flavor is Flavor.FULL
    assert (inventory.python_version, inventory.target_triple, inventory.build_options) == (
        "3.11.9",
        "aarch64-apple-darwin",
        "pgo+lto",
    )


def test_real_windows_inventory_is_exact(tmp_path: Path) -> None:
    assert _table(_scan(tmp_path, "windows-3.11.9-real")) == WINDOWS_3_11_9


def test_forms_give_the_same_inventory_apart_from_the_container(tmp_path: Path) -> None:
    inventories = []
    for container, order in (("zst", "pbs"), ("gz", "shuffled"), ("dir", "pbs")):
        (tmp_path / container).mkdir()
        inventories.append(_scan(tmp_path / container, "macos-3.11.9-real", container, order))
    assert len({i.components for i in inventories}) == 1
    assert len({i.license_dir for i in inventories}) == 1
    assert len({i.archive.container for i in inventories}) == 3


def test_macos_readline_links_system_libedit_and_ncurses(tmp_path: Path) -> None:
    inventory = _scan(tmp_path, "macos-3.11.9-real")
    for key in ("libedit", "ncurses"):
        component = inventory.component(key)
        assert component is not None
        readline = [u for u in component.links if u.extension == "readline"]
        assert readline and all(u.kind is LinkKind.SYSTEM for u in readline)


@pytest.mark.parametrize("name", ["macos-3.11.9-real", "windows-3.11.9-real"])
def test_every_referenced_license_file_is_present_in_the_real_archives(
    tmp_path: Path, name: str
) -> None:
    inventory = _scan(tmp_path, name)
    statuses = {f.status for c in inventory.components for f in c.license_files}
    assert statuses == {FileStatus.PRESENT}


def test_unreferenced_license_files_are_listed_not_treated_as_linked(tmp_path: Path) -> None:
    windows = {
        e.file.path for e in _scan(tmp_path, "windows-3.11.9-real").unreferenced_license_files
    }
    assert "licenses/LICENSE.bdb.txt" in windows  # Windows has no _dbm
    assert "licenses/LICENSE.ncurses.txt" in windows
    assert "licenses/LICENSE.tcl.txt" not in windows
    macos = {e.file.path for e in _scan(tmp_path, "macos-3.11.9-real").unreferenced_license_files}
    assert macos == {
        "licenses/LICENSE.bdb.txt",
        "licenses/LICENSE.libX11.txt",
        "licenses/LICENSE.libXau.txt",
        "licenses/LICENSE.libxcb.txt",
        "licenses/LICENSE.openssl-1.1.txt",
        "licenses/LICENSE.tix.txt",
    }


def test_openssl_double_annotation_is_corrected_from_the_binary(tmp_path: Path) -> None:
    openssl = _scan(tmp_path, "macos-3.11.9-real").component("openssl-3")
    assert openssl is not None
    assert openssl.declared.expression == "Apache-2.0 AND OpenSSL"
    assert openssl.concluded.expression == "Apache-2.0"
    (correction,) = openssl.corrections
    assert correction.code == "openssl-double-annotation"
    assert "libcrypto.a" in correction.evidence[0]
    assert openssl.version and openssl.version.startswith("3.")


def test_windows_stale_dll_names_and_msbuild_macro_are_explained(tmp_path: Path) -> None:
    inventory = _scan(tmp_path, "windows-3.11.9-real")
    openssl = inventory.component("openssl-3")
    assert openssl is not None
    stale = [c for c in openssl.corrections if c.code == "windows-stale-dll-name"]
    assert stale and "libcrypto-3-x64.dll" in stale[0].message
    assert any(h.member.endswith("libcrypto-3-x64.dll") for h in openssl.hashes)
    tcl = inventory.component("tcl")
    assert tcl is not None and [c.code for c in tcl.corrections] == ["windows-msbuild-macro-link"]
    zlib = inventory.component("zlib")
    assert zlib is not None and zlib.declared.expression == "NOASSERTION"
    assert [c.code for c in zlib.corrections] == ["windows-in-core-zlib"]


def test_windows_public_domain_null_is_not_public_domain(tmp_path: Path) -> None:
    inventory = _scan(tmp_path, "windows-3.11.9-real")
    bzip2 = inventory.component("bzip2")
    assert bzip2 is not None and not bzip2.declared.public_domain


def test_release_window_is_inferred_from_contents_when_the_name_has_none(tmp_path: Path) -> None:
    release = _scan(tmp_path, "windows-3.11.9-real").release
    assert release.source is ReleaseSource.CONTENTS
    assert (release.earliest, release.latest) == ("20240415", "20240713")


def test_release_tag_comes_from_a_pbs_file_name(tmp_path: Path) -> None:
    name = "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-pgo+lto-full.tar.zst"
    path = write_archive(era_archive("linux-3.9-20221220"), tmp_path / name)
    release = scan(path).release
    assert (release.source, release.tag) == (ReleaseSource.FILE_NAME, "20221220")


def test_gpl_era_keeps_readline_bundled_and_libedit_build_only(tmp_path: Path) -> None:
    inventory = _scan(tmp_path, "linux-3.9-20221220")
    table = _table(inventory)
    assert table["readline"] == ("GPL-3.0-only", Shipping.BUNDLED, ("readline",))
    assert table["gdbm"] == ("GPL-3.0-or-later", Shipping.BUNDLED, ("_gdbm",))
    assert table["libedit"][1] is Shipping.BUILD_ONLY
    assert [(v.extension, v.variant) for v in inventory.build_only_variants] == [
        ("readline", "libedit")
    ]
    libedit_file = {e.file.path: e for e in inventory.license_dir}["licenses/LICENSE.libedit.txt"]
    assert not libedit_file.referenced and libedit_file.build_only_refs == ("readline/libedit",)


def test_libedit_era_has_no_gpl_component(tmp_path: Path) -> None:
    inventory = _scan(tmp_path, "linux-3.10-20221220")
    assert inventory.component("readline") is None and inventory.component("gdbm") is None
    unreferenced = {e.file.path for e in inventory.unreferenced_license_files}
    assert {"licenses/LICENSE.readline.txt", "licenses/LICENSE.gdbm.txt"} <= unreferenced


def test_format_0_archive_without_license_keys_concludes_from_the_catalog(tmp_path: Path) -> None:
    inventory = _scan(tmp_path, "linux-3.7-20190427")
    readline = inventory.component("readline")
    assert readline is not None
    assert readline.declared.expression == "NOASSERTION"
    assert readline.concluded.expression == "GPL-3.0-only"
    assert [c.code for c in readline.corrections] == ["unannotated-library"]
    assert inventory.component("zlib-ng") is None  # `z` meant zlib in 2019


def test_dangling_license_paths_are_reported_missing(tmp_path: Path) -> None:
    inventory = _scan(tmp_path, "linux-3.14-20260814")
    missing = {
        (c.key, f.path)
        for c in inventory.components
        for f in c.license_files
        if f.status is FileStatus.MISSING
    }
    assert missing == {
        ("zlib", "licenses/LICENSE.zlib-ng.txt"),
        ("zstd", "licenses/LICENSE.zstd.txt"),
    }


def test_install_only_archive_is_a_partial_inventory(tmp_path: Path) -> None:
    spec = to_install_only(full_archive_spec("macos"))
    path = write_archive(spec, tmp_path / "x.tar.gz", container="gz")
    inventory = scan(path)
    assert inventory.flavor is Flavor.INSTALL_ONLY and inventory.partial
    assert inventory.metadata is None
    keys = [c.key for c in inventory.components if not c.key.startswith(VENDORED)]
    assert keys == ["cpython", "pypi/pip", "pypi/setuptools"]
    cpython = inventory.components[0]
    assert [f.path for f in cpython.license_files] == ["lib/python3.11/LICENSE.txt"]
    assert any("partial" in note for note in inventory.notes)


@pytest.mark.parametrize(
    ("era", "name", "expected"),
    [
        (
            "linux-3.9-20221220",
            "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-install_only.tar.gz",
            {"bdb", "gdbm", "readline"},
        ),
        (
            "linux-3.10-20221220",
            "cpython-3.10.9+20221220-x86_64-unknown-linux-gnu-install_only.tar.gz",
            {"bdb", "libedit"},
        ),
        (
            "macos-3.11.9-real",
            "cpython-3.11.9+20240725-aarch64-apple-darwin-install_only.tar.gz",
            set(),
        ),
    ],
)
def test_install_only_gpl_and_sleepycat_come_from_the_build_configuration(
    tmp_path: Path, era: str, name: str, expected: set[str]
) -> None:
    path = write_archive(to_install_only(era_archive(era)), tmp_path / name, container="gz")
    inventory = scan(path)
    libraries = {
        c.key
        for c in inventory.components
        if c.kind.value == "library" and not c.key.startswith(VENDORED)
    }
    assert libraries == expected
    for key in expected:
        component = inventory.component(key)
        assert component is not None
        assert [c.code for c in component.corrections] == ["inferred-from-build-config"]
        assert "_sysconfigdata_" in component.corrections[0].evidence[0]


def _without_sysconfigdata(spec: ArchiveSpec) -> ArchiveSpec:
    for name in [n for n in spec.members if "/_sysconfigdata_" in n]:
        del spec.members[name]
    return spec


@pytest.mark.parametrize(
    ("era", "name", "expected"),
    [
        (
            "linux-3.9-20221220",
            "cpython-3.9.16+20221220-x86_64-unknown-linux-gnu-install_only.tar.gz",
            {"bdb", "gdbm", "readline"},
        ),
        (
            "linux-3.10-20221220",
            "cpython-3.10.9+20221220-x86_64-unknown-linux-gnu-install_only.tar.gz",
            {"bdb"},
        ),
    ],
)
def test_install_only_without_build_configuration_falls_back_to_the_release(
    tmp_path: Path, era: str, name: str, expected: set[str]
) -> None:
    spec = _without_sysconfigdata(to_install_only(era_archive(era)))
    inventory = scan(write_archive(spec, tmp_path / name, container="gz"))
    libraries = {
        c.key
        for c in inventory.components
        if c.kind.value == "library" and not c.key.startswith("cpython/")
    }
    assert libraries == expected
    for key in expected:
        component = inventory.component(key)
        assert component is not None
        assert [c.code for c in component.corrections] == ["inferred-from-release"]


def test_install_only_without_a_pbs_name_finds_gpl_in_its_build_configuration(
    tmp_path: Path,
) -> None:
    spec = to_install_only(era_archive("linux-3.9-20221220"))
    inventory = scan(write_archive(spec, tmp_path / "python-runtime.tar.gz", container="gz"))
    assert inventory.python_version == "3.9.16"
    assert inventory.target_triple == "x86_64-unknown-linux-gnu"
    readline = inventory.component("readline")
    assert readline is not None and readline.concluded.expression.startswith("GPL-3.0")
    gpl = [f for f in judge(inventory).findings if f.id == "gpl-in-interpreter"]
    assert {f.component for f in gpl} == {"gdbm", "readline"}


def test_install_only_without_a_name_or_configuration_says_what_it_cannot_tell(
    tmp_path: Path,
) -> None:
    spec = _without_sysconfigdata(to_install_only(era_archive("linux-3.9-20221220")))
    inventory = scan(write_archive(spec, tmp_path / "python.tar.gz", container="gz"))
    assert inventory.component("readline") is None
    assert any("cannot tell" in note for note in inventory.notes)


def test_an_id_no_component_explains_is_kept_not_dropped(tmp_path: Path) -> None:
    spec = era_archive("macos-3.11.9-real")
    data = spec.json_dict()
    assert data is not None
    tkinter = data["build_info"]["extensions"]["_tkinter"][0]
    tkinter["licenses"] = ["TCL", "Made-Up-License"]
    spec.python_json = data
    inventory = scan(write_archive(spec, tmp_path / "odd.tar.zst"))
    for key in ("tcl", "tk"):
        component = inventory.component(key)
        assert component is not None
        assert component.declared.invalid == ("Made-Up-License",)
        assert "LicenseRef-PBS-Made-Up-License" in component.declared.expression


def test_install_only_openssl_comes_from_the_version_string_in_libpython(tmp_path: Path) -> None:
    spec = to_install_only(era_archive("linux-3.14-20260814"))
    spec.members["python/lib/libpython3.14.so.1.0"] += b" OpenSSL 3.5.7 1 Jul 2026 "
    name = "cpython-3.14.7+20260814-x86_64-unknown-linux-gnu-install_only.tar.gz"
    inventory = scan(write_archive(spec, tmp_path / name, container="gz"))
    openssl = inventory.component("openssl-3")
    assert openssl is not None
    assert (openssl.version, openssl.concluded.expression) == ("3.5.7", "Apache-2.0")
    assert "libpython3.14.so.1.0" in openssl.version_source

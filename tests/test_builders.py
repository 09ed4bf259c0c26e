"""The archive builders produce what they promise (layout, order, eras, annotations)."""

from __future__ import annotations

import email.parser
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.builders import (
    DEFAULT_MTIME,
    ERA_NAMES,
    IMG_PAYLOAD,
    PYTHON_JSON,
    REAL_SYMLINKS,
    SCRIPT_PAYLOAD,
    SHARED,
    VENDOR_ADDITIONS,
    ArchiveSpec,
    archive_names,
    cpython_version,
    dump_python_json,
    era_archive,
    full_archive_spec,
    hostile_spec,
    iter_archive,
    iter_archive_contents,
    license_texts,
    linux_python_json,
    macos_python_json,
    ordered_names,
    real_listing,
    real_listing_sizes,
    real_python_json,
    real_python_json_bytes,
    synthetic_full_spec,
    to_install_only,
    windows_python_json,
    write_archive,
)

REAL_FILES = {
    "macos": SHARED / "PYTHON.macos-aarch64-3.11.9.json",
    "windows": SHARED / "PYTHON.windows-x86_64-3.11.9.json",
}
LICENSE_KEYS = ("licenses", "license_paths", "license_public_domain")


def variants(info: dict[str, Any], extension: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = info["build_info"]["extensions"].get(extension, [])
    return result


def default(info: dict[str, Any], extension: str) -> dict[str, Any]:
    (entry,) = [v for v in variants(info, extension) if v["variant"] == "default"]
    return entry


def all_licenses(info: dict[str, Any]) -> set[str]:
    return {
        lic
        for entries in info["build_info"]["extensions"].values()
        for entry in entries
        for lic in entry.get("licenses", [])
    }


# --------------------------------------------------------------------------- writing


def test_pbs_order_puts_python_json_first_and_sorts_the_rest(tmp_path: Path) -> None:
    spec = era_archive("linux-3.9-20221220")
    infos = list(iter_archive(write_archive(spec, tmp_path / "a.tar.zst")))
    names = [i.name for i in infos]
    assert names[0] == PYTHON_JSON
    assert names[1:] == sorted(names[1:])
    assert set(names) == spec.names()
    assert not any(i.isdir() for i in infos)
    assert {(i.mtime, i.uid, i.gid) for i in infos} == {(DEFAULT_MTIME, 0, 0)}
    last_install = max(n for n in names if n.startswith("python/install/"))
    assert names.index(last_install) < names.index("python/licenses/LICENSE.bdb.txt")


def test_shuffled_order_is_deterministic_and_keeps_every_member(tmp_path: Path) -> None:
    spec = era_archive("linux-3.10-20221220")
    first = ordered_names(spec, "shuffled", seed=1)
    assert first == ordered_names(spec, "shuffled", seed=1)
    assert first != ordered_names(spec, "shuffled", seed=2)
    assert first != ordered_names(spec, "pbs")
    assert set(first) == spec.names()
    path = write_archive(spec, tmp_path / "a.tar.gz", container="gz", order="shuffled", seed=1)
    assert archive_names(path) == first


@pytest.mark.parametrize("container", ["zst", "gz", "tar"])
def test_every_container_reads_back_with_tarfile(tmp_path: Path, container: Any) -> None:
    spec = era_archive("linux-3.10-20221220")
    path = write_archive(spec, tmp_path / f"a.{container}", container=container)
    files = {i.name: data for i, data in iter_archive_contents(path) if data is not None}
    links = {i.name: i.linkname for i in iter_archive(path) if i.issym()}
    assert files == spec.files()
    assert (
        links
        == spec.symlinks
        == {
            "python/install/bin/python": "python3.10",
            "python/install/bin/python3": "python3.10",
        }
    )
    again = write_archive(spec, tmp_path / f"b.{container}", container=container)
    assert again.read_bytes() == path.read_bytes()


def test_dir_container_writes_the_same_tree(tmp_path: Path) -> None:
    spec = era_archive("macos-3.11.9-real")
    root = write_archive(spec, tmp_path / "tree", container="dir")
    assert archive_names(root) == sorted(spec.names())
    assert os.readlink(root / "python/install/bin/python3") == "python3.11"
    license_file = root / "python/licenses/LICENSE.zlib.txt"
    assert license_file.read_bytes() == spec.members["python/licenses/LICENSE.zlib.txt"]
    assert license_file.stat().st_mtime == DEFAULT_MTIME


def test_dir_container_refuses_names_outside_the_root(tmp_path: Path) -> None:
    spec = ArchiveSpec(None, {"python/../../evil": b"x"})
    with pytest.raises(ValueError, match="outside"):
        write_archive(spec, tmp_path / "tree", container="dir")


def test_python_json_given_twice_is_an_error() -> None:
    spec = ArchiveSpec({"version": "8"}, {PYTHON_JSON: b"{}"})
    with pytest.raises(ValueError, match="twice"):
        spec.files()


def test_dump_python_json_sorts_keys_and_indents_by_four() -> None:
    assert (
        dump_python_json({"b": 1, "a": [2]}) == b'{\n    "a": [\n        2\n    ],\n    "b": 1\n}'
    )


# --------------------------------------------------------------------------- install_only


def test_install_only_keeps_only_the_renamed_installation() -> None:
    full = full_archive_spec("macos")
    install_only = to_install_only(full)
    names = install_only.names()
    assert install_only.python_json is None and PYTHON_JSON not in names
    assert not any(
        n.startswith(("python/build/", "python/licenses/", "python/install/")) for n in names
    )
    assert "python/bin/python3.11" in names
    assert install_only.symlinks["python/bin/python3"] == "python3.11"
    assert "python/lib/python3.11/LICENSE.txt" in names
    assert not any(n.rsplit("/", 1)[1].startswith("libpython") and n.endswith(".a") for n in names)
    assert not any(n.startswith("python/lib/python3.11/test/") for n in names)
    original = {"python/install/" + n[len("python/") :] for n in names}
    assert original <= full.names()


def test_install_only_before_20220802_keeps_static_libpython_and_tests() -> None:
    names = to_install_only(full_archive_spec("macos"), release="20220502").names()
    assert "python/lib/python3.11/config-3.11-darwin/libpython3.11.a" in names
    assert any(n.startswith("python/lib/python3.11/test/") for n in names)


def test_install_only_drops_test_extension_modules_from_20260324() -> None:
    full = era_archive("linux-3.14-20260814")
    (testbuffer,) = variants(full.json_dict() or {}, "_testbuffer")
    installed = "python/" + testbuffer["shared_lib"].removeprefix("install/")
    assert f"python/{testbuffer['shared_lib']}" in full.members
    assert installed not in to_install_only(full).names()
    assert installed in to_install_only(full, release="20260310").names()


# --------------------------------------------------------------------------- real files


@pytest.mark.parametrize("platform", ["macos", "windows"])
def test_real_python_json_equals_the_shared_file(platform: Any) -> None:
    with REAL_FILES[platform].open(encoding="utf-8") as fh:
        assert real_python_json(platform) == json.load(fh)
    assert full_archive_spec(platform).json_bytes() == REAL_FILES[platform].read_bytes()
    assert real_python_json_bytes(platform) == REAL_FILES[platform].read_bytes()


@pytest.mark.parametrize("platform", ["macos", "windows"])
def test_full_archive_has_every_listed_member_but_vendor_additions(platform: Any) -> None:
    spec = full_archive_spec(platform)
    assert spec.names() == set(real_listing(platform)) - set(VENDOR_ADDITIONS)
    assert full_archive_spec(platform, vendor_files=True).names() == set(real_listing(platform))
    sizes = real_listing_sizes(platform)
    for name, data in spec.members.items():
        if name.startswith("python/licenses/"):
            assert len(data) == sizes[name], name
    for name, target in REAL_SYMLINKS[platform].items():
        assert sizes[name] == len(target), name


def test_full_archive_license_release_and_drop_options() -> None:
    spec = full_archive_spec(
        "macos",
        licenses_release="20221220",
        drop=["python/build/"],
        extra_members={"python/x": b"y"},
    )
    assert "python/licenses/LICENSE.readline.txt" in spec.members
    assert "python/licenses/LICENSE.expat.txt" not in spec.members
    assert not any(n.startswith("python/build/") for n in spec.names())
    assert spec.members["python/x"] == b"y"


def test_windows_real_archive_has_the_openssl_3_dlls_its_json_misnames() -> None:
    spec = era_archive("windows-3.11.9-real")
    declared = [
        lk.get("path_dynamic") for lk in default(real_python_json("windows"), "_ssl")["links"]
    ]
    assert "install/DLLs/libcrypto-1_1-x64.dll" in declared
    assert "python/install/DLLs/libcrypto-1_1-x64.dll" not in spec.members
    assert b"OpenSSL 3.0.13 30 Jan 2024" in spec.members["python/install/DLLs/libcrypto-3-x64.dll"]
    assert b"OpenSSL 3.0.13" in spec.members["python/build/lib/libcrypto.lib"]


def test_dist_info_metadata_is_parseable() -> None:
    spec = era_archive("macos-3.11.9-real")
    raw = spec.members["python/install/lib/python3.11/site-packages/pip-24.1.2.dist-info/METADATA"]
    message = email.parser.BytesParser().parsebytes(raw)
    assert (message["Name"], message["Version"], message["License"]) == ("pip", "24.1.2", "MIT")


# --------------------------------------------------------------------------- license dir


@pytest.mark.parametrize("release", ["20221220", "20260814"])
def test_license_texts_of_saved_releases_are_the_saved_folders(release: str) -> None:
    folder = SHARED / f"licenses-{release}"
    assert license_texts(release) == {p.name: p.read_bytes() for p in folder.iterdir()}


def test_license_dir_follows_the_release_table() -> None:
    assert license_texts("20190505") == {}
    assert {"LICENSE.gettext.txt", "LICENSE.libressl.txt"} <= set(license_texts("20210103"))
    jan_2023 = set(license_texts("20230116"))
    assert "LICENSE.readline.txt" not in jan_2023
    assert {"LICENSE.gdbm.txt", "LICENSE.expat.txt", "LICENSE.openssl.txt"} <= jan_2023
    assert "LICENSE.gdbm.txt" not in license_texts("20230507")
    oct_2023 = set(license_texts("20231002"))
    assert {"LICENSE.openssl-1.1.txt", "LICENSE.openssl-3.txt"} <= oct_2023
    assert "LICENSE.openssl.txt" not in oct_2023


def test_liblzma_text_follows_the_xz_license() -> None:
    assert license_texts("20251031")["LICENSE.liblzma.txt"] == b"liblzma is in the public domain.\n"
    assert b"Permission to use" in license_texts("20251120")["LICENSE.liblzma.txt"]


# --------------------------------------------------------------------------- GPL timeline


@pytest.mark.parametrize(
    ("python_version", "release", "expected"),
    [
        ("3.9", "20221220", ["GPL-3.0-only", "X11"]),
        ("3.8", "20220528", ["GPL-3.0-only", "X11"]),
        ("3.8", "20220502", ["GPL-3.0", "X11"]),
        ("3.8", "20210103", ["GPL-3.0", "X11"]),
        ("3.7", "20200418", ["GPL-3.0", "X11"]),
    ],
)
def test_readline_default_variant_is_gnu_readline_spelled_per_date(
    python_version: str, release: str, expected: list[str]
) -> None:
    info = linux_python_json(python_version, release)
    readline = default(info, "readline")
    assert readline["licenses"] == expected
    assert readline["license_paths"] == [
        "licenses/LICENSE.ncurses.txt",
        "licenses/LICENSE.readline.txt",
    ]
    assert {"name": "readline", "path_static": "build/lib/libreadline.a"} in readline["links"]
    (libedit,) = [v for v in variants(info, "readline") if v["variant"] == "libedit"]
    assert libedit["licenses"] == ["BSD-3-Clause", "X11"]


def test_gdbm_only_on_38_39_non_i686_from_20210228_to_20221220() -> None:
    (gdbm,) = variants(linux_python_json("3.9", "20221220"), "_gdbm")
    assert gdbm["licenses"] == ["GPL-3.0-or-later"]
    assert gdbm["license_paths"] == ["licenses/LICENSE.gdbm.txt"]
    assert variants(linux_python_json("3.8", "20210103"), "_gdbm") == []
    i686 = linux_python_json("3.9", "20221220", triple="i686-unknown-linux-gnu")
    assert variants(i686, "_gdbm") == []
    assert "GPL-3.0-only" in default(i686, "readline")["licenses"]


@pytest.mark.parametrize(("python_version", "release"), [("3.10", "20221220"), ("3.9", "20230116")])
def test_no_gpl_for_310_final_or_from_20230116(python_version: str, release: str) -> None:
    info = linux_python_json(python_version, release)
    assert not any("GPL" in lic for lic in all_licenses(info))
    (readline,) = variants(info, "readline")
    assert [lk["name"] for lk in readline["links"]] == ["edit", "ncursesw"]
    assert variants(info, "_gdbm") == []


def test_macos_and_windows_never_link_gnu_readline() -> None:
    for info in (macos_python_json("3.9", "20221220"), windows_python_json("3.9", "20221220")):
        assert not any("GPL" in lic for lic in all_licenses(info))


def test_dbm_is_inside_libpython_before_20251031_and_a_module_after() -> None:
    old = default(linux_python_json("3.9", "20221220"), "_dbm")
    assert old["licenses"] == ["Sleepycat"] and "shared_lib" not in old
    spec = era_archive("linux-3.14-20260814")
    new = default(spec.json_dict() or {}, "_dbm")
    assert new["shared_lib"].endswith("/lib-dynload/_dbm.cpython-314-x86_64-linux-gnu.so")
    assert f"python/{new['shared_lib']}" in spec.members


def test_openssl_annotation_is_single_before_20231002_and_double_after() -> None:
    before = default(linux_python_json("3.11", "20230826"), "_ssl")
    assert (before["licenses"], before["license_paths"]) == (
        ["OpenSSL"],
        ["licenses/LICENSE.openssl.txt"],
    )
    after = default(linux_python_json("3.11", "20231002"), "_ssl")
    assert after["licenses"] == ["Apache-2.0", "OpenSSL"]
    assert after["license_paths"] == [
        "licenses/LICENSE.openssl-1.1.txt",
        "licenses/LICENSE.openssl-3.txt",
    ]


def test_314_at_20260814_references_the_missing_zstd_and_zlib_ng_texts() -> None:
    spec = era_archive("linux-3.14-20260814")
    info = spec.json_dict() or {}
    assert default(info, "_zstd")["license_paths"] == ["licenses/LICENSE.zstd.txt"]
    assert default(info, "zlib")["license_paths"] == [
        "licenses/LICENSE.zlib-ng.txt",
        "licenses/LICENSE.zlib.txt",
    ]
    referenced = {
        f"python/{p}"
        for entries in info["build_info"]["extensions"].values()
        for entry in entries
        for p in entry.get("license_paths", [])
    }
    missing = referenced - spec.names()
    assert missing == {"python/licenses/LICENSE.zstd.txt", "python/licenses/LICENSE.zlib-ng.txt"}


def test_xz_is_public_domain_before_20251120_and_0bsd_after() -> None:
    before = default(linux_python_json("3.13", "20251031"), "_lzma")
    assert (before["licenses"], before["license_public_domain"]) == ([], True)
    after = default(linux_python_json("3.13", "20251120"), "_lzma")
    assert (after["licenses"], after["license_public_domain"]) == (["0BSD"], False)


# --------------------------------------------------------------------------- format versions


@pytest.mark.parametrize(
    ("python_version", "release", "fmt"),
    [
        ("3.7", "20190427", "0"),
        ("3.7", "20190505", "1"),
        ("3.7", "20190617", "2"),
        ("3.8", "20191025", "3"),
        ("3.8", "20200216", "4"),
        ("3.8", "20200418", "5"),
        ("3.9", "20201020", "6"),
        ("3.9", "20210325", "7"),
        ("3.13", "20241002", "8"),
    ],
)
def test_format_version_follows_the_release(python_version: str, release: str, fmt: str) -> None:
    info = linux_python_json(python_version, release)
    assert info["version"] == fmt
    assert ("target_triple" in info) == (int(fmt) >= 5)
    assert ("os" in info and "arch" in info) == (int(fmt) < 5)
    assert ("licenses" in info) == (int(fmt) >= 2)
    assert ("build_options" in info) == (fmt == "8")
    assert ("python_config_vars" in info) == (int(fmt) >= 6)


def test_windows_stayed_on_format_2_until_20200418() -> None:
    assert windows_python_json("3.8", "20200216")["version"] == "2"
    assert windows_python_json("3.8", "20200418")["version"] == "5"


def test_format_0_has_no_license_keys_and_ships_license_rst() -> None:
    spec = era_archive("linux-3.7-20190427")
    info = spec.json_dict() or {}
    assert not any(
        key in entry
        for entries in info["build_info"]["extensions"].values()
        for entry in entries
        for key in LICENSE_KEYS
    )
    assert "licenses" not in info
    assert {"name": "readline", "path_static": "build/lib/libreadline.a"} in default(
        info, "readline"
    )["links"]
    assert "python/LICENSE.rst" in spec.members
    assert not any(n.startswith("python/licenses/") for n in spec.names())


def test_format_4_says_link_mode_and_format_5_libpython_link_mode() -> None:
    assert "link_mode" in era_archive("linux-3.8-20200216").json_dict()  # type: ignore[operator]
    five = era_archive("linux-3.8-20200418").json_dict() or {}
    assert five["libpython_link_mode"] == "shared" and "link_mode" not in five


# --------------------------------------------------------------------------- other OSes


@pytest.mark.parametrize(
    ("platform", "synthesize", "release"),
    [("macos", macos_python_json, "20240725"), ("windows", windows_python_json, "20240415")],
)
def test_synthesizer_reproduces_the_real_annotations_and_links(
    platform: Any, synthesize: Any, release: str
) -> None:
    real = real_python_json(platform)
    made = synthesize("3.11.9", release)
    assert made["build_info"]["extensions"].keys() == real["build_info"]["extensions"].keys()
    for name, entries in real["build_info"]["extensions"].items():
        for key in (*LICENSE_KEYS, "links", "in_core", "shared_lib"):
            expected = [e.get(key, "absent") for e in entries]
            assert [
                e.get(key, "absent") for e in made["build_info"]["extensions"][name]
            ] == expected, (name, key)
    assert {k for k in made if k != "python_config_vars"} == {
        k for k in real if k != "python_config_vars"
    }


def test_windows_public_domain_is_null_and_in_core_zlib_unannotated() -> None:
    info = windows_python_json("3.12", "20240713")
    bz2 = default(info, "_bz2")
    assert "license_public_domain" in bz2 and bz2["license_public_domain"] is None
    assert default(info, "_sqlite3")["license_public_domain"] is True
    zlib = default(info, "zlib")
    assert zlib["in_core"] and not any(key in zlib for key in LICENSE_KEYS)
    assert b'"license_public_domain": null' in dump_python_json(info)


def test_windows_missing_keys_era_links_a_shipped_dll_without_licenses() -> None:
    spec = era_archive("windows-3.10-missing-keys")
    ctypes = default(spec.json_dict() or {}, "_ctypes")
    assert not any(key in ctypes for key in LICENSE_KEYS)
    assert ctypes["links"] == [{"name": "libffi-7", "path_dynamic": "install/DLLs/libffi-7.dll"}]
    assert "python/install/DLLs/libffi-7.dll" in spec.members


# --------------------------------------------------------------------------- layouts


@pytest.mark.parametrize("name", [n for n in ERA_NAMES if n.startswith("linux")])
def test_synthetic_layout_has_every_file_the_json_declares(name: str) -> None:
    spec = era_archive(name)
    info = spec.json_dict() or {}
    declared = set(info["build_info"]["core"]["objs"])
    for entries in info["build_info"]["extensions"].values():
        for entry in entries:
            declared |= set(entry["objs"]) | {entry.get("shared_lib")} - {None}
            declared |= {lk["path_static"] for lk in entry["links"] if "path_static" in lk}
    assert {f"python/{p}" for p in declared} <= spec.names()
    assert info["python_exe"] in {n.removeprefix("python/") for n in spec.members}


def test_libcrypto_stand_in_carries_the_release_openssl_version() -> None:
    older = era_archive("linux-3.9-20221220").members["python/build/lib/libcrypto.a"]
    assert b"OpenSSL 1.1.1s  1 Nov 2022" in older
    newer = era_archive("linux-3.14-20260814").members["python/build/lib/libcrypto.a"]
    assert b"OpenSSL 3.5.7 " in newer


def test_synthetic_windows_layout_ships_the_real_dll_names() -> None:
    info = windows_python_json("3.12", "20240713")
    spec = synthetic_full_spec(info, release="20240713")
    assert {"python/install/DLLs/libcrypto-3-x64.dll", "python/install/LICENSE.txt"} <= spec.names()
    assert (
        spec.members["python/install/LICENSE.txt"]
        == (SHARED / "install-LICENSE.windows-x86_64-3.11.9.txt").read_bytes()
    )
    assert any("/site-packages/pip-" in n for n in spec.names())
    assert not any("setuptools" in n for n in spec.names())  # not installed from 3.12


def test_cpython_version_resolves_minor_versions_per_release() -> None:
    assert cpython_version("3.9", "20221220") == "3.9.16"
    assert cpython_version("3.9.1", "20221220") == "3.9.1"
    with pytest.raises(ValueError, match=r"no CPython 3\.9"):
        cpython_version("3.9", "20200216")


def test_every_era_builds_and_an_unknown_era_says_what_exists() -> None:
    for name in ERA_NAMES:
        assert era_archive(name).json_dict() is not None, name
    with pytest.raises(KeyError, match="20201003"):
        era_archive("linux-3.9-20200216")


def test_hostile_spec_carries_both_payloads() -> None:
    spec = hostile_spec()
    text = spec.members["python/licenses/LICENSE.zlib.txt"]
    assert SCRIPT_PAYLOAD.encode() in text and IMG_PAYLOAD.encode() in text
    metadata = [n for n in spec.members if n.endswith(f"/{IMG_PAYLOAD}-1.0.dist-info/METADATA")]
    assert len(metadata) == 1
    message = email.parser.BytesParser().parsebytes(spec.members[metadata[0]])
    assert (message["Name"], message["License"]) == (IMG_PAYLOAD, SCRIPT_PAYLOAD)

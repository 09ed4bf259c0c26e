"""PYTHON.json of formats 0-8, real and synthesized, parses into `PythonJson`."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from licscan.errors import MetadataError
from licscan.model import ExtensionVariant, Link, LinkKind, PythonJson
from licscan.pbs.python_json import SUPPORTED_FORMATS, parse_python_json

PBS = Path(__file__).parents[2].parent / "shared" / "pbs"


def _real(name: str) -> tuple[PythonJson, dict[str, Any]]:
    path = PBS / name
    if not path.is_file():
        pytest.skip(f"{path} is not available (it lives outside the repository)")
    data = path.read_bytes()
    return parse_python_json(data), json.loads(data)


def _parse(doc: object, **kwargs: Any) -> PythonJson:
    return parse_python_json(json.dumps(doc).encode(), **kwargs)


def _only(metadata: PythonJson, extension: str) -> ExtensionVariant:
    (variant,) = metadata.variants(extension)
    return variant


# --------------------------------------------------------------------------- real files


def test_real_macos_3119_facts() -> None:
    meta, raw = _real("PYTHON.macos-aarch64-3.11.9.json")
    assert (meta.format_version, meta.python_version) == ("7", "3.11.9")
    assert meta.target_triple == "aarch64-apple-darwin"
    assert (meta.optimizations, meta.build_options, meta.options) == ("pgo+lto", None, "pgo+lto")
    assert (meta.os, meta.arch) == (None, None)
    assert meta.libpython_link_mode == "shared"
    assert meta.crt_features == ("libSystem",)
    assert meta.licenses == ("Python-2.0", "CNRI-Python")
    assert meta.license_path == "licenses/LICENSE.cpython.txt"
    assert (meta.python_tag, meta.python_platform_tag) == ("cp311", "macosx-11.0-arm64")
    assert meta.tcl_library_path == "install/lib"
    assert meta.tcl_library_paths == ("itcl4.2.2", "tcl8", "tcl8.6", "thread2.8.7", "tk8.6")
    assert meta.python_paths["stdlib"] == "install/lib/python3.11"
    assert dict(meta.unknown_keys) == {}  # apple_sdk_*, python_config_vars... are known
    assert meta.core.links == (
        Link("dl", LinkKind.SYSTEM),
        Link("CoreFoundation", LinkKind.FRAMEWORK),
    )
    assert meta.core.shared_lib == "install/lib/libpython3.11.dylib"
    assert len(meta.extensions) == sum(len(v) for v in raw["build_info"]["extensions"].values())

    readline = _only(meta, "readline")
    assert readline.links == (Link("edit", LinkKind.SYSTEM), Link("ncurses", LinkKind.SYSTEM))
    assert readline.licenses == ("BSD-3-Clause", "X11")
    assert readline.license_paths == (
        "licenses/LICENSE.libedit.txt",
        "licenses/LICENSE.ncurses.txt",
    )
    assert readline.license_public_domain is False
    assert readline.objs == ("build/Modules/readline.o",)
    assert readline.installed

    tkinter = _only(meta, "_tkinter")
    assert Link("tcl8.6", LinkKind.STATIC, "build/lib/libtcl8.6.a") in tkinter.links
    assert sum(link.kind is LinkKind.FRAMEWORK for link in tkinter.links) == 9

    crypt = _only(meta, "_crypt")
    assert crypt.shared_lib == "install/lib/python3.11/lib-dynload/_crypt.cpython-311-darwin.so"
    assert crypt.licenses is None and crypt.license_paths is None
    assert _only(meta, "_lzma").licenses == ()
    assert _only(meta, "_lzma").license_public_domain is True


def test_real_windows_3119_facts() -> None:
    meta, raw = _real("PYTHON.windows-x86_64-3.11.9.json")
    assert (meta.format_version, meta.python_version) == ("7", "3.11.9")
    assert meta.target_triple == "x86_64-pc-windows-msvc"
    assert meta.options == "pgo"
    assert meta.crt_features == ("vcruntime:140",)
    assert meta.python_platform_tag == "win-amd64"
    assert meta.core.shared_lib == "install/python311.dll"
    assert meta.core.static_lib is None
    assert [link.name for link in meta.core.links] == [
        "version", "ws2_32", "Ole32", "OleAut32", "User32", "pathcch",
    ]  # fmt: skip
    assert all(link.kind is LinkKind.SYSTEM for link in meta.core.links)
    assert "tix8.4.3" in (meta.tcl_library_paths or ())
    assert dict(meta.unknown_keys) == {}

    lzma = _only(meta, "_lzma")
    assert lzma.licenses == ()
    assert lzma.license_public_domain is True
    assert lzma.license_paths == ("licenses/LICENSE.liblzma.txt",)

    bz2 = _only(meta, "_bz2")
    assert raw["build_info"]["extensions"]["_bz2"][0]["license_public_domain"] is None
    assert bz2.license_public_domain is None
    assert bz2.licenses == ("bzip2-1.0.6",)
    assert bz2.shared_lib == "install/DLLs/_bz2.pyd"

    zlib = _only(meta, "zlib")
    assert zlib.in_core is True
    assert (zlib.licenses, zlib.license_paths, zlib.license_public_domain) == (None, None, None)

    tkinter = _only(meta, "_tkinter")
    assert tkinter.links[0] == Link("$(tcltk", LinkKind.SYSTEM)
    assert tkinter.license_paths == ("licenses/LICENSE.tcl.txt", "licenses/LICENSE.tix.txt")

    hashlib = _only(meta, "_hashlib")
    assert (
        Link("libcrypto-1_1-x64", LinkKind.DYNAMIC, "install/DLLs/libcrypto-1_1-x64.dll")
        in hashlib.links
    )
    assert hashlib.licenses == ("Apache-2.0",)

    msi = _only(meta, "_msi")
    assert msi.licenses is None
    assert {link.name for link in msi.links} == {"cabinet", "msi", "rpcrt4"}

    names = [v.extension for v in meta.extensions]
    assert names == sorted(raw["build_info"]["extensions"])


# --------------------------------------------------------------------------- format versions


def _link(name: str, **keys: object) -> dict[str, object]:
    return {"name": name, **keys}


def _ext(links: list[object] | None = None, **keys: object) -> dict[str, object]:
    entry: dict[str, object] = {"in_core": False, "init_fn": "PyInit_x", "objs": []}
    entry["links"] = links or []
    entry["variant"] = "default"
    entry.update(keys)
    return entry


def _v0() -> dict[str, Any]:
    return {
        "version": "0",
        "os": "linux",
        "arch": "x86_64",
        "python_flavor": "cpython",
        "python_version": "3.7.3",
        "python_exe": "install/bin/python3.7",
        "python_include": "install/include/python3.7m",
        "python_stdlib": "install/lib/python3.7",
        "build_info": {
            "core": {"objs": ["build/Objects/abstract.o"], "links": ["dl", _link("m")]},
            "extensions": {
                "readline": [_ext(["readline", _link("ncurses")])],
                # pre-2019-02-23 shape: one entry instead of a list
                "_gdbm": {"in_core": False, "init_fn": "PyInit__gdbm", "links": ["gdbm"]},
            },
        },
    }


def test_format_0_has_os_arch_no_licenses_and_bare_links() -> None:
    meta = _parse(_v0())
    assert (meta.format_version, meta.os, meta.arch, meta.target_triple) == (
        "0",
        "linux",
        "x86_64",
        None,
    )
    assert meta.licenses is None and meta.license_path is None
    assert meta.core.links == (Link("dl", LinkKind.UNSPECIFIED), Link("m", LinkKind.UNSPECIFIED))
    assert [v.extension for v in meta.extensions] == ["_gdbm", "readline"]
    gdbm = _only(meta, "_gdbm")
    assert gdbm.variant == "default"
    assert gdbm.links == (Link("gdbm", LinkKind.UNSPECIFIED),)
    readline = _only(meta, "readline")
    assert [link.name for link in readline.links] == ["readline", "ncurses"]
    assert all(link.kind is LinkKind.UNSPECIFIED and not link.shipped for link in readline.links)
    assert (readline.licenses, readline.license_paths, readline.license_public_domain) == (
        None, None, None,
    )  # fmt: skip
    assert dict(meta.unknown_keys) == {}


def test_format_2_top_level_and_extension_licenses() -> None:
    doc = _v0() | {
        "version": "2",
        "licenses": ["Python-2.0", "CNRI-Python"],
        "license_path": "licenses/LICENSE.cpython.txt",
    }
    doc["build_info"]["extensions"] = {
        "_bz2": [
            _ext(
                [_link("bz2", path_static="build/lib/libbz2.a")],
                licenses=["bzip2-1.0.6"],
                license_paths=["licenses/LICENSE.bzip2.txt"],
                license_public_domain=False,
            )
        ]
    }
    meta = _parse(doc)
    assert meta.licenses == ("Python-2.0", "CNRI-Python")
    assert meta.license_path == "licenses/LICENSE.cpython.txt"
    bz2 = _only(meta, "_bz2")
    assert bz2.links == (Link("bz2", LinkKind.STATIC, "build/lib/libbz2.a"),)
    assert bz2.links[0].shipped
    assert (bz2.licenses, bz2.license_public_domain) == (("bzip2-1.0.6",), False)


def test_format_4_link_mode_and_shared_libs() -> None:
    doc = _v0() | {"version": "4", "link_mode": "static", "tcl_library_path": "install/lib"}
    doc["build_info"]["core"] |= {"static_lib": "install/lib/libpython3.7m.a", "shared_lib": None}
    doc["build_info"]["extensions"]["_ctypes_test"] = [
        _ext(shared_lib="install/lib/python3.7/lib-dynload/_ctypes_test.so")
    ]
    meta = _parse(doc)
    assert meta.libpython_link_mode == "static"
    assert meta.tcl_library_path == "install/lib"
    assert meta.core.static_lib == "install/lib/libpython3.7m.a"
    assert meta.core.shared_lib is None
    shared_lib = _only(meta, "_ctypes_test").shared_lib
    assert shared_lib == "install/lib/python3.7/lib-dynload/_ctypes_test.so"


def _v5(version: str = "5") -> dict[str, Any]:
    return {
        "version": version,
        "target_triple": "x86_64-unknown-linux-gnu",
        "optimizations": "pgo",
        "python_version": "3.8.5",
        "python_tag": "cp38",
        "python_platform_tag": "linux-x86_64",
        "python_abi_tag": "",
        "python_paths": {"stdlib": "install/lib/python3.8", "include": "install/include"},
        "python_suffixes": {"extension": [".so"]},
        "libpython_link_mode": "static",
        "crt_features": ["glibc-dynamic", "glibc-max-symbol-version:2.17)"],
        "tcl_library_paths": ["tcl8.6", "tk8.6", "Tix8.4.3"],
        "run_tests": "build/run_tests.py",
        "licenses": ["Python-2.0", "CNRI-Python"],
        "license_path": "licenses/LICENSE.cpython.txt",
        "build_info": {
            "core": {"objs": [], "links": [_link("dl", system=True)]},
            "extensions": {"math": [_ext([_link("m", system=True)])]},
            "inittab_object": "build/Modules/config.o",
            "object_file_format": "elf",
        },
    }


def test_format_5_target_triple_crt_features_and_paths() -> None:
    meta = _parse(_v5())
    assert (meta.target_triple, meta.os, meta.arch) == ("x86_64-unknown-linux-gnu", None, None)
    assert (meta.optimizations, meta.options) == ("pgo", "pgo")
    assert meta.crt_features == ("glibc-dynamic", "glibc-max-symbol-version:2.17)")
    assert meta.python_paths == {"include": "install/include", "stdlib": "install/lib/python3.8"}
    assert meta.tcl_library_paths == ("tcl8.6", "tk8.6", "Tix8.4.3")
    assert meta.libpython_link_mode == "static"
    assert _only(meta, "math").links == (Link("m", LinkKind.SYSTEM),)
    assert dict(meta.unknown_keys) == {}


def test_format_6_config_vars_are_known_not_unknown() -> None:
    doc = _v5("6") | {
        "python_paths_abstract": {"stdlib": "{installed_base}/lib"},
        "python_config_vars": {"CC": "/tools/clang"},
    }
    meta = _parse(doc)
    assert meta.format_version == "6"
    assert dict(meta.unknown_keys) == {}


def test_format_8_build_options() -> None:
    doc = _v5("8") | {"build_options": "freethreaded+pgo+lto", "optimizations": "pgo+lto"}
    meta = _parse(doc)
    assert meta.build_options == "freethreaded+pgo+lto"
    assert meta.optimizations == "pgo+lto"
    assert meta.options == "freethreaded+pgo+lto"


@pytest.mark.parametrize("version", SUPPORTED_FORMATS)
def test_every_supported_format_version_is_accepted(version: str) -> None:
    assert _parse(_v5(version)).format_version == version


def test_integer_version_is_normalized_to_string() -> None:
    assert _parse(_v5() | {"version": 7}).format_version == "7"


# --------------------------------------------------------------------------- extensions


def _linux_39_readline(order: tuple[str, str]) -> dict[str, Any]:
    variants = {
        "default": _ext(
            [
                _link("readline", path_static="build/lib/libreadline.a"),
                _link("ncursesw", system=True),
            ],
            licenses=["GPL-3.0", "X11"],
            license_paths=["licenses/LICENSE.ncurses.txt", "licenses/LICENSE.readline.txt"],
            license_public_domain=False,
        ),
        "libedit": _ext(
            [_link("edit", path_static="build/lib/libedit.a"), _link("ncursesw", system=True)],
            variant="libedit",
            licenses=["BSD-3-Clause", "X11"],
            license_paths=["licenses/LICENSE.libedit.txt", "licenses/LICENSE.ncurses.txt"],
        ),
    }
    doc = _v5("7") | {"python_version": "3.9.16"}
    doc["build_info"]["extensions"] = {
        "zlib": [_ext([_link("z", path_static="build/lib/libz.a")])],
        "readline": [variants[order[0]], variants[order[1]]],
        "_bz2": [_ext()],
    }
    return doc


def test_linux_39_readline_keeps_default_gpl_and_libedit_variants_in_order() -> None:
    meta = _parse(_linux_39_readline(("default", "libedit")))
    assert [v.extension for v in meta.extensions] == ["_bz2", "readline", "readline", "zlib"]
    default, libedit = meta.variants("readline")
    assert (default.variant, default.licenses) == ("default", ("GPL-3.0", "X11"))
    assert default.installed and not libedit.installed
    assert default.links[0] == Link("readline", LinkKind.STATIC, "build/lib/libreadline.a")
    assert (libedit.variant, libedit.licenses) == ("libedit", ("BSD-3-Clause", "X11"))
    assert libedit.license_public_domain is None
    assert [v.extension for v in meta.installed_extensions].count("readline") == 1


def test_variants_keep_file_order_not_name_order() -> None:
    meta = _parse(_linux_39_readline(("libedit", "default")))
    assert [v.variant for v in meta.variants("readline")] == ["libedit", "default"]


def test_singular_license_path_on_an_extension_is_accepted() -> None:
    doc = _v5()
    doc["build_info"]["extensions"] = {
        "zlib": [_ext(licenses=["Zlib"], license_path="licenses/LICENSE.zlib.txt")],
        "_lzma": [_ext(license_path=["licenses/LICENSE.liblzma.txt"], license_paths=[])],
    }
    meta = _parse(doc)
    assert _only(meta, "zlib").license_paths == ("licenses/LICENSE.zlib.txt",)
    assert _only(meta, "_lzma").license_paths == ("licenses/LICENSE.liblzma.txt",)
    assert dict(_only(meta, "zlib").extra) == {}


def test_unknown_keys_are_kept_at_every_level() -> None:
    doc = _v5() | {"future_key": {"a": [1, 2]}, "python_flavor": "cpython"}
    doc["build_info"]["extensions"] = {
        "readline": [
            _ext(
                [_link("readline", path_static="build/lib/libreadline.a", licenses=["GPL-3.0"])],
                build_mode="shared",
            )
        ],
        "_scproxy": [_ext([_link("CoreFoundation", framework=True, system=False)])],
    }
    meta = _parse(doc)
    assert dict(meta.unknown_keys) == {"future_key": {"a": [1, 2]}}
    readline = _only(meta, "readline")
    assert dict(readline.extra) == {"build_mode": "shared"}
    assert dict(readline.links[0].extra) == {"licenses": ["GPL-3.0"]}
    assert readline.links[0].kind is LinkKind.STATIC
    assert _only(meta, "_scproxy").links[0].kind is LinkKind.FRAMEWORK


def test_unknown_format_parses_when_allowed() -> None:
    meta = _parse(_v5("9") | {"new_thing": True}, allow_unknown_format=True)
    assert meta.format_version == "9"
    assert meta.python_version == "3.8.5"
    assert dict(meta.unknown_keys) == {"new_thing": True}


# --------------------------------------------------------------------------- malformed input


def _raises(data: bytes, *fragments: str) -> str:
    with pytest.raises(MetadataError) as info:
        parse_python_json(data, member="cpython-x/python/PYTHON.json")
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("cpython-x/python/PYTHON.json")
    for fragment in fragments:
        assert fragment in message
    return message


def _bad(doc: object, *fragments: str) -> str:
    return _raises(json.dumps(doc).encode(), *fragments)


def test_bytes_that_are_not_json() -> None:
    _raises(b'{"version": "7",\n  "python_version": }', "not valid JSON", "line 2, column")


def test_invalid_utf8() -> None:
    _raises(b'{"version": "7", "python_version": "3.11\xff"}', "not UTF-8")


def test_top_level_list() -> None:
    _bad([1, 2], "JSON object at the top level, got a list")


def test_missing_version_and_python_version() -> None:
    doc = _v5()
    del doc["version"]
    _bad(doc, "no 'version' key")
    doc = _v5()
    del doc["python_version"]
    _bad(doc, "no 'python_version' key")


def test_links_as_a_string() -> None:
    doc = _v5()
    doc["build_info"]["extensions"] = {"_ssl": [_ext(), _ext(variant="x") | {"links": "ssl"}]}
    _bad(doc, "build_info.extensions._ssl[1].links must be a list, got a string")


@pytest.mark.parametrize("version", ["9", "seven", "7.1"])
def test_unknown_format_version_is_refused_with_a_remedy(version: str) -> None:
    message = _bad(_v5(version), f"format version '{version}' is not one licscan knows (0-8)")
    assert "--allow-unknown-format" in message


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: d.update(version=7.0), "version must be a string"),
        (lambda d: d.update(python_version=3.8), "python_version must be a string, got a number"),
        (lambda d: d.update(licenses="MIT"), "licenses must be a list of strings, got a string"),
        (lambda d: d.update(licenses=["MIT", 3]), "licenses[1] must be a string"),
        (lambda d: d.update(crt_features={"a": 1}), "crt_features must be a list of strings"),
        (lambda d: d.update(python_paths=["x"]), "python_paths must be an object, got a list"),
        (lambda d: d.update(python_paths={"stdlib": 1}), "python_paths.stdlib must be a string"),
        (lambda d: d.update(build_info=[]), "build_info must be an object, got a list"),
        (lambda d: d["build_info"].update(core="x"), "build_info.core must be an object"),
        (
            lambda d: d["build_info"]["extensions"].update(math="m"),
            "build_info.extensions.math must be a list of variant entries, got a string",
        ),
        (
            lambda d: d["build_info"]["extensions"].update(math=[None]),
            "build_info.extensions.math[0] must be an object, got null",
        ),
        (
            lambda d: d["build_info"]["extensions"]["math"][0].update(in_core="yes"),
            "build_info.extensions.math[0].in_core must be true, false or null, got a string",
        ),
        (
            lambda d: d["build_info"]["extensions"]["math"][0].update(license_public_domain=1),
            "license_public_domain must be true, false or null, got a number",
        ),
        (
            lambda d: d["build_info"]["extensions"]["math"][0].update(links=[{"system": True}]),
            "build_info.extensions.math[0].links[0].name is missing",
        ),
        (
            lambda d: d["build_info"]["extensions"]["math"][0].update(links=[7]),
            "links[0] must be an object or a string, got a number",
        ),
        (
            lambda d: d["build_info"]["core"].update(links=[{"name": "m", "system": "yes"}]),
            "build_info.core.links[0].system must be true, false or null",
        ),
    ],
)
def test_wrong_types_name_the_field(mutate: Any, fragment: str) -> None:
    doc = _v5()
    mutate(doc)
    _bad(doc, fragment)


def _paths(value: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*path, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _paths(child, (*path, i))


def test_any_value_replaced_by_any_json_type_is_parsed_or_refused_cleanly() -> None:
    base = _linux_39_readline(("default", "libedit"))
    replacements: list[object] = [None, 0, "x", [], {}, True, [None], {"k": None}]
    tried = 0
    for path in _paths(base):
        if not path:
            continue
        for replacement in replacements:
            doc = copy.deepcopy(base)
            target: Any = doc
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = replacement
            try:
                _parse(doc)
            except MetadataError as e:
                assert "\n" not in str(e)
            tried += 1
    assert tried > 300

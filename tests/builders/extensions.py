"""`build_info.extensions` for a synthetic PYTHON.json.

The skeleton (names, objs, in_core, init_fn, required) is the real 3.11.9 file of the same
OS family, adjusted by CPython version; link names follow `extension-modules.yml` and the
older `static-modules` files (spec 3.4), gated by the GPL timeline of spec 4.
"""

from __future__ import annotations

from typing import Any

from .annotate import annotate_unix, annotate_windows
from .shared import JSON, component, minor_tuple, real_python_json

# Approximate CPython module history: (first minor, last minor) for modules that are not
# in every version from 3.7 on.
_LIFESPAN: dict[str, tuple[str, str]] = {
    "parser": ("3.7", "3.9"),
    "_posixshmem": ("3.8", "3.99"),
    "_testinternalcapi": ("3.8", "3.99"),
    "_xxtestfuzz": ("3.8", "3.99"),
    "_xxsubinterpreters": ("3.8", "3.12"),
    "_statistics": ("3.9", "3.99"),
    "_zoneinfo": ("3.9", "3.99"),
    "_typing": ("3.11", "3.99"),
    "_tokenize": ("3.11", "3.99"),
    "_sha256": ("3.7", "3.11"),
    "_sha512": ("3.7", "3.11"),
    "_sha2": ("3.12", "3.99"),
    "audioop": ("3.7", "3.12"),
    "_crypt": ("3.7", "3.12"),
    "spwd": ("3.7", "3.12"),
    "ossaudiodev": ("3.7", "3.12"),
    "_msi": ("3.7", "3.12"),
    "_interpreters": ("3.13", "3.99"),
    "_interpqueues": ("3.13", "3.99"),
    "_interpchannels": ("3.13", "3.99"),
    "_hmac": ("3.14", "3.99"),
    "_zstd": ("3.14", "3.99"),
}
_LINUX_ONLY = ("spwd", "ossaudiodev")
_WINDOWS_BUILTINS_ADDED = ("_sha2", "_interpreters", "_interpqueues", "_interpchannels", "_hmac")
_UNIX_SYSTEM = {"c", "crypt", "dl", "m", "pthread", "rt", "util", "nsl"}
# Linux links ncursesw/panelw from 2020-05-16 (spec 4.1), but `ncurses` only lists them in
# `library_names` from 20210103: in between the writer leaves them unannotated.
NCURSESW_FROM = "20200516"
_TEST_EXTENSIONS = ("_ctypes_test", "_testbuffer", "_testimportmultiple", "_testinternalcapi")


def _alive(name: str, minor: str) -> bool:
    first, last = _LIFESPAN.get(name, ("3.7", "3.99"))
    return minor_tuple(first) <= minor_tuple(minor) <= minor_tuple(last)


def _variant(name: str, objs: list[str], **extra: Any) -> JSON:
    entry: JSON = {
        "in_core": False,
        "init_fn": f"PyInit_{name}",
        "links": [],
        "objs": objs,
        "required": False,
        "variant": "default",
    }
    entry.update(extra)
    return entry


def gpl_readline(minor: str, release: str, platform: str) -> bool:
    """Linux 3.7-3.9 from 20190427 to 20221220 install GNU readline (spec 4.2)."""
    return platform == "linux" and minor in ("3.7", "3.8", "3.9") and release <= "20221220"


def has_gdbm(minor: str, release: str, platform: str, triple: str) -> bool:
    """`_gdbm` (GPL-3.0-or-later): Linux 3.8/3.9 non-i686, 20210228-20221220 (spec 4.2)."""
    return (
        platform == "linux"
        and minor in ("3.8", "3.9")
        and "20210228" <= release <= "20221220"
        and not triple.startswith("i686")
    )


def _link_names(name: str, platform: str, minor: str, release: str) -> list[str]:
    linux = platform == "linux"
    wide = "w" if release >= NCURSESW_FROM else ""
    tcl9 = str((component(release, "tcl") or {}).get("version") or "8").startswith("9")
    tcltk = (
        ["tcl9.0", "tcl9tk9.0"] if tcl9 and minor_tuple(minor) >= (3, 14) else ["tcl8.6", "tk8.6"]
    )
    table: dict[str, list[str]] = {
        "_bz2": ["bz2"],
        "_ctypes": ["dl", "ffi"],
        "_ctypes_test": ["m"],
        "_curses": [f"ncurses{wide}"] if linux else ["ncurses"],
        "_curses_panel": [f"ncurses{wide}", f"panel{wide}"] if linux else ["ncurses", "panel"],
        "_dbm": ["db"] if linux or release < "20210228" else [],
        "_gdbm": ["gdbm"],
        "_hashlib": ["crypto"],
        "_lzma": ["lzma"],
        "_posixshmem": ["rt"] if linux else [],
        "_crypt": ["crypt"] if linux else [],
        "_sqlite3": ["sqlite3"],
        "_ssl": ["crypto", "ssl"],
        "_tkinter": tcltk + (["X11", "Xau", "xcb"] if linux else []),
        "_uuid": ["uuid"],
        "_zstd": ["zstd"],
        "cmath": ["m"],
        "math": ["m"],
        "readline": ["edit", f"ncurses{wide}" if linux else "ncurses"],
        "zlib": ["z"],
    }
    if component(release, "expat"):  # CPython's bundled copies were used before 20230116
        table["_elementtree"] = table["pyexpat"] = ["expat"]
    if component(release, "mpdecimal"):
        table["_decimal"] = ["mpdec"]
    return table.get(name, [])


def _unix_links(names: list[str], platform: str, release: str, frameworks: list[str]) -> list[JSON]:
    """PBS link entries: frameworks, then libraries sorted, static when PBS built them."""
    system = set(_UNIX_SYSTEM)
    if platform == "macos":  # Apple's own libraries (spec 2.5), libedit from 20210724
        system |= {"ncurses", "panel", "z"} | ({"edit"} if release >= "20210724" else set())
    links: list[JSON] = [{"framework": True, "name": f} for f in sorted(frameworks)]
    for name in sorted(names):
        if name in system:
            links.append({"name": name, "system": True})
        else:
            links.append({"name": name, "path_static": f"build/lib/lib{name}.a"})
    return links


def unix_extensions(
    minor: str, release: str, fmt: int, *, platform: str, triple: str, ext_suffix: str
) -> dict[str, list[JSON]]:
    """Extensions of a Linux or macOS build, annotated with the release's license data."""
    skeleton = real_python_json("macos")["build_info"]["extensions"]
    names = {n for n in skeleton if n != "_scproxy" or platform == "macos"}
    names |= {n for n in _LIFESPAN if n not in _LINUX_ONLY or platform == "linux"}
    names.discard("_msi")
    if has_gdbm(minor, release, platform, triple):
        names.add("_gdbm")
    if minor_tuple(minor) >= (3, 14) and not component(release, "zstd"):
        names.discard("_zstd")
    if release < "20190816":  # tk was not built before (spec 3.1)
        names.discard("_tkinter")
    dynload = f"install/lib/python{minor}/lib-dynload"
    result: dict[str, list[JSON]] = {}
    for name in sorted(n for n in names if _alive(n, minor)):
        base = skeleton.get(name, [_variant(name, [f"build/Modules/{name}.o"])])[0]
        entry = {k: v for k, v in base.items() if k not in ("links", "shared_lib", "static_lib")}
        entry = {k: v for k, v in entry.items() if not k.startswith("license")}
        frameworks = (
            [lk["name"] for lk in base["links"] if lk.get("framework")]
            if platform == "macos"
            else []
        )
        entry["links"] = _unix_links(
            _link_names(name, platform, minor, release), platform, release, frameworks
        )
        if fmt >= 4 and _is_shared(name, platform, release):
            entry["shared_lib"] = f"{dynload}/{name}{ext_suffix}"
        variants = [entry]
        if name == "readline" and gpl_readline(minor, release, platform):
            wide = "w" if release >= NCURSESW_FROM else ""
            entry["links"] = _unix_links(["readline", f"ncurses{wide}"], platform, release, [])
            libedit = dict(
                entry, variant="libedit", objs=["build/Modules/VARIANT-readline-libedit-readline.o"]
            )
            libedit["links"] = _unix_links(["edit", f"ncurses{wide}"], platform, release, [])
            variants.append(libedit)
        if fmt >= 2:
            for variant in variants:
                annotate_unix(variant, release)
        result[name] = variants
    return result


def _is_shared(name: str, platform: str, release: str) -> bool:
    """Which extensions are lib-dynload files: `_dbm` on Linux from 20251031 (spec 4.3),
    `_crypt` (as in the real macOS file), test extensions once install_only drops them."""
    if name == "_dbm":
        return platform == "linux" and release >= "20251031"
    return name == "_crypt" or (name in _TEST_EXTENSIONS and release >= "20260324")


def windows_extensions(minor: str, release: str, fmt: int) -> dict[str, list[JSON]]:
    """Extensions of a Windows build, from the real file, annotated like `build.py`."""
    skeleton = real_python_json("windows")["build_info"]["extensions"]
    names = set(skeleton) | {n for n in _LIFESPAN if n not in _LINUX_ONLY}
    names -= {"_posixshmem", "_crypt", "_xxtestfuzz", "_testinternalcapi"}
    result: dict[str, list[JSON]] = {}
    for name in sorted(n for n in names if _alive(n, minor)):
        if name in skeleton:
            entry = {k: v for k, v in skeleton[name][0].items() if not k.startswith("license")}
        elif name in _WINDOWS_BUILTINS_ADDED or name in ("parser", "_tokenize", "_typing"):
            entry = _variant(name, [], in_core=True, shared_lib=None, static_lib=None)
        else:
            objs = [f"build/extensions/{name}/{name}.obj"]
            entry = _variant(name, objs, shared_lib=f"install/DLLs/{name}.pyd", static_lib=None)
        entry["links"] = [_windows_link(link, minor) for link in entry["links"]]
        if fmt < 5:
            entry.pop("shared_lib", None)
            entry.pop("static_lib", None)
        if fmt >= 2:
            annotate_windows(entry, name, minor, release)
        result[name] = [entry]
    return result


def _windows_link(link: JSON, minor: str) -> JSON:
    """Adjust the real 3.11 link names to the CPython version (libffi, Tcl/Tk DLLs)."""
    renames = {}
    if minor_tuple(minor) <= (3, 10):
        renames["libffi-8"] = "libffi-7"
    if minor_tuple(minor) >= (3, 14):
        renames.update({"tcl86t": "tcl90", "tk86t": "tcl9tk90"})
    name = renames.get(link["name"], link["name"])
    if name == link["name"]:
        return dict(link)
    return {"name": name, "path_dynamic": f"install/DLLs/{name}.dll"}

"""Named archives for the scenarios licscan's tests exercise, and a hostile one."""

from __future__ import annotations

from collections.abc import Callable

from .archive import ArchiveSpec
from .layout import dist_metadata, full_archive_spec, synthetic_full_spec
from .pythonjson import linux_python_json, windows_python_json

SCRIPT_PAYLOAD = "</script><script>alert(1)</script>"
IMG_PAYLOAD = "<img src=x onerror=alert(1)>"


def _linux(python_version: str, release: str) -> ArchiveSpec:
    return synthetic_full_spec(linux_python_json(python_version, release), release=release)


def _windows_missing_keys() -> ArchiveSpec:
    """Windows 3.10 whose `_ctypes` links a DLL shipped in the archive but has no license
    keys: what `validate_python_json` would reject (spec 2.1)."""
    release = "20240415"
    info = windows_python_json("3.10", release)
    (ctypes,) = info["build_info"]["extensions"]["_ctypes"]
    for key in ("licenses", "license_paths", "license_public_domain"):
        del ctypes[key]
    return synthetic_full_spec(info, release=release)


def _dangling_license_paths() -> ArchiveSpec:
    """The real macOS archive without `LICENSE.openssl-3.txt`: `_ssl` and `_hashlib` point
    at a missing text. (linux-3.14-20260814 has the two dangling paths PBS really ships.)"""
    return full_archive_spec("macos", drop=["python/licenses/LICENSE.openssl-3.txt"])


ERAS: dict[str, Callable[[], ArchiveSpec]] = {
    # GNU readline default variant (GPL-3.0-only) + libedit variant + _gdbm (GPL-3.0-or-later)
    "linux-3.9-20221220": lambda: _linux("3.9", "20221220"),
    # same release, 3.10: libedit only, no _gdbm
    "linux-3.10-20221220": lambda: _linux("3.10", "20221220"),
    # GNU readline (GPL-3.0), no _gdbm, _dbm -> bdb (Sleepycat) inside libpython
    "linux-3.8-20210103": lambda: _linux("3.8", "20210103"),
    # dangling LICENSE.zstd.txt / LICENSE.zlib-ng.txt, OpenSSL double annotation, _dbm .so
    "linux-3.14-20260814": lambda: _linux("3.14", "20260814"),
    # format 0: no license keys, readline only visible as a link; LICENSE.rst
    "linux-3.7-20190427": lambda: _linux("3.7", "20190427"),
    # format 4 (3.9 did not ship before 20201003, so 3.8)
    "linux-3.8-20200216": lambda: _linux("3.8", "20200216"),
    # format 5: target_triple, optimizations
    "linux-3.8-20200418": lambda: _linux("3.8", "20200418"),
    # format 6: python_paths_abstract, python_config_vars
    "linux-3.9-20201020": lambda: _linux("3.9", "20201020"),
    "macos-3.11.9-real": lambda: full_archive_spec("macos"),
    "windows-3.11.9-real": lambda: full_archive_spec("windows"),
    "windows-3.10-missing-keys": _windows_missing_keys,
    "dangling-license-paths": _dangling_license_paths,
}
ERA_NAMES = tuple(ERAS)


def era_archive(name: str) -> ArchiveSpec:
    """A fresh ArchiveSpec for a named scenario (see ERA_NAMES)."""
    try:
        build = ERAS[name]
    except KeyError:
        hint = ""
        if name == "linux-3.9-20200216":
            hint = " (PBS shipped no 3.9 before 20201003: use linux-3.8-20200216)"
        raise KeyError(f"no era {name!r}{hint}; known: {', '.join(ERA_NAMES)}") from None
    return build()


def hostile_spec() -> ArchiveSpec:
    """A Linux 3.12 archive whose texts try to break out of HTML/JS: a license text and a
    dist-info (directory, Name, License field and LICENSE) carry both payloads."""
    release = "20240713"
    spec = _linux("3.12", release)
    payload = f"\n{SCRIPT_PAYLOAD}\n{IMG_PAYLOAD}\n".encode()
    spec.members["python/licenses/LICENSE.zlib.txt"] += payload
    dist = f"python/install/lib/python3.12/site-packages/{IMG_PAYLOAD}-1.0.dist-info"
    spec.members[f"{dist}/METADATA"] = dist_metadata(IMG_PAYLOAD, "1.0", SCRIPT_PAYLOAD)
    spec.members[f"{dist}/LICENSE"] = payload
    spec.members[f"{dist}/RECORD"] = b""
    return spec

"""The shared PBS reference files (`../shared/pbs`), read at test time and never copied.

Also the release facts derived from them: component versions and licenses per release
(`release-components.json`), PYTHON.json format versions (spec 2.2) and the contents of
`python/licenses/` per release (spec 3.1).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, Literal

JSON = dict[str, Any]
Platform = Literal["macos", "windows"]

SHARED = Path(__file__).resolve().parents[3] / "shared" / "pbs"

_REAL_STEM: dict[str, str] = {"macos": "macos-aarch64-3.11.9", "windows": "windows-x86_64-3.11.9"}
# The releases the two real archives most likely come from [I]: the first whose pip and
# setuptools versions match the dist-info directories in the listings.
REAL_RELEASES: dict[str, str] = {"macos": "20240725", "windows": "20240415"}

# First release of each PYTHON.json format version (spec 2.2). Windows skipped 3 and 4.
_FORMAT_STARTS = (
    ("20190427", "0"),
    ("20190505", "1"),
    ("20190617", "2"),
    ("20190816", "3"),
    ("20200216", "4"),
    ("20200418", "5"),
    ("20201020", "6"),
    ("20210325", "7"),
    ("20241002", "8"),
)

# `python/licenses/` changes by release (spec 3.1): (release, added, removed).
_LICENSE_DIR_CHANGES = (
    (
        "20190617",
        "bdb bzip2 cpython gdbm libedit libffi liblzma libuuid ncurses openssl"
        " readline sqlite zlib",
        "",
    ),
    ("20190713", "libressl", ""),
    ("20190816", "libX11 libXau libxcb tcl tix", ""),
    ("20210103", "gettext", ""),
    ("20211012", "", "gettext libressl"),
    ("20230116", "expat mpdecimal", "readline"),
    ("20230507", "", "gdbm"),
    ("20231002", "openssl-1.1 openssl-3", "openssl"),
)


def real_python_json_bytes(platform: Platform) -> bytes:
    """The real PYTHON.json, byte for byte."""
    return (SHARED / f"PYTHON.{_REAL_STEM[platform]}.json").read_bytes()


def real_python_json(platform: Platform) -> JSON:
    """A fresh parsed copy of the real PYTHON.json (callers may mutate it)."""
    data: JSON = json.loads(real_python_json_bytes(platform))
    return data


def real_listing_sizes(platform: Platform) -> dict[str, int | None]:
    """Member path -> size from `listing.*.tsv`; None where the listing says BAD."""
    sizes: dict[str, int | None] = {}
    text = (SHARED / f"listing.{_REAL_STEM[platform]}.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip():
            size, path = line.split("\t", 1)
            sizes[path] = None if size == "BAD" else int(size)
    return sizes


def real_listing(platform: Platform) -> list[str]:
    """Member paths of the real full archive, in listing order."""
    return list(real_listing_sizes(platform))


def install_license(platform: Platform) -> bytes:
    """The CPython LICENSE.txt shipped in the real installation."""
    return (SHARED / f"install-LICENSE.{_REAL_STEM[platform]}.txt").read_bytes()


@cache
def _all_components() -> dict[str, dict[str, JSON]]:
    data: dict[str, dict[str, JSON]] = json.loads(
        (SHARED / "release-components.json").read_text(encoding="utf-8")
    )
    return data


def releases() -> list[str]:
    """Every PBS release tag, oldest first."""
    return list(_all_components())


def release_components(release: str) -> dict[str, JSON]:
    """`downloads.py` entries (version, licenses, license_file, library_names) at a release."""
    try:
        return _all_components()[release]
    except KeyError:
        raise ValueError(f"{release!r} is not a PBS release tag (see releases())") from None


def component(release: str, key: str) -> JSON | None:
    return release_components(release).get(key)


def cpython_version(python_version: str, release: str) -> str:
    """ "3.9" -> the 3.9.x that release shipped; a full version is returned unchanged."""
    if python_version.count(".") >= 2:
        return python_version
    entry = component(release, f"cpython-{python_version}")
    if entry is None:
        raise ValueError(f"PBS {release} has no CPython {python_version}")
    version: str = entry["version"]
    return version


def format_version(release: str, platform: str) -> str:
    """The PYTHON.json `version` a release wrote on a platform (spec 2.2)."""
    found = None
    for start, version in _FORMAT_STARTS:
        if release >= start:
            found = version
    if found is None:
        raise ValueError(f"PBS {release} has no PYTHON.json (the first one is in 20190427)")
    if platform == "windows" and found in ("3", "4"):
        return "2"
    return found


def linked_openssl(release: str, minor: str, platform: str) -> str | None:
    """Version of the OpenSSL actually linked (Windows 3.8-3.10 stay on 1.1, spec 2.5)."""
    comps = release_components(release)
    keys = ["openssl-3.5", "openssl-3.0", "openssl-1.1", "openssl"]
    if platform == "windows" and minor_tuple(minor) <= (3, 10):
        keys = ["openssl-1.1", "openssl"]
    for key in keys:
        if key in comps:
            version: str = comps[key]["version"]
            return version
    return None


def minor_tuple(minor: str) -> tuple[int, int]:
    major, rest = minor.split(".")[:2]
    return int(major), int(rest)


def license_dir_names(release: str) -> list[str]:
    """File names in `python/licenses/` at a release (spec 3.1); [] before 20190617."""
    names: set[str] = set()
    for start, added, removed in _LICENSE_DIR_CHANGES:
        if release >= start:
            names |= set(added.split())
            names -= set(removed.split())
    return sorted(f"LICENSE.{n}.txt" for n in names)


@cache
def _saved_texts(release: str) -> dict[str, bytes]:
    folder = SHARED / f"licenses-{release}"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def saved_license_texts() -> dict[str, dict[str, bytes]]:
    """The two saved `python/licenses/` folders: release -> file name -> bytes."""
    return {r: dict(_saved_texts(r)) for r in ("20221220", "20260814")}


def license_texts(release: str) -> dict[str, bytes]:
    """`python/licenses/` of any release: file name -> bytes.

    Texts are the real saved ones (the older set up to 20221220, the newer after; the
    liblzma text follows the xz license of the release). A file with no saved copy
    (libressl, gettext) gets a short labelled stand-in."""
    old, new = _saved_texts("20221220"), _saved_texts("20260814")
    xz = component(release, "xz") or {}
    texts: dict[str, bytes] = {}
    for name in license_dir_names(release):
        first, second = (old, new) if release <= "20221220" else (new, old)
        if name == "LICENSE.liblzma.txt":
            first, second = (new, old) if xz.get("licenses") == ["0BSD"] else (old, new)
        text = first.get(name, second.get(name))
        texts[name] = text if text is not None else f"stand-in license text: {name}\n".encode()
    return texts

"""Build `data/components.json` from the per-release component list of PBS.

Usage:
    python -m licscan.pbs.catalog_build ../shared/pbs/release-components.json data/components.json

The input maps every PBS release tag to its `pythonbuild/downloads.py` entries. The output keeps
only licensing facts, grouped by component (versioned download keys such as `openssl-3.0` and
`openssl-3.5` are one component, `openssl-3`), with version runs over release ranges.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# download key -> component key, where they differ
COMPONENT_OF_DOWNLOAD = {
    "openssl-3.0": "openssl-3",
    "openssl-3.5": "openssl-3",
    "tcl-8612": "tcl",
    "tk-8612": "tk",
    "libffi-3.3": "libffi",
}

DISPLAY_NAMES = {
    "bdb": "Berkeley DB",
    "bzip2": "bzip2",
    "expat": "Expat",
    "gdbm": "GNU dbm (gdbm)",
    "gettext": "GNU gettext (libintl)",
    "libedit": "libedit",
    "libffi": "libffi",
    "libX11": "libX11",
    "libXau": "libXau",
    "libxcb": "libxcb",
    "libressl": "LibreSSL",
    "mpdecimal": "mpdecimal",
    "ncurses": "ncurses",
    "openssl": "OpenSSL 1.1",
    "openssl-1.1": "OpenSSL 1.1",
    "openssl-3": "OpenSSL 3",
    "readline": "GNU Readline",
    "sqlite": "SQLite",
    "tcl": "Tcl",
    "tk": "Tk",
    "tix": "Tix",
    "uuid": "libuuid",
    "xz": "liblzma (XZ Utils)",
    "zlib": "zlib",
    "zlib-ng": "zlib-ng",
    "zstd": "Zstandard (zstd)",
}

PACKAGES = ("pip", "setuptools")
# Runtimes PBS links but never annotates (data/link-aliases.json), with the downloads that
# pin their version, first present wins: static musl is `musl-static` from 20250311 (when
# `musl` became the dynamic builds' libc), `musl` before.
RUNTIME_DOWNLOADS = {"musl": ("musl-static", "musl")}

# Downloads that coexist at one release with the main download of their component and are
# built for some targets only (spec 3.3): `libffi-3.3` for Linux musl (3eb4be52, 20240224;
# Windows 3.8-3.10 load CPython's own libffi-7.dll, 3.3 too, and 3.11+ libffi-8.dll, 3.4),
# `tcl-8612`/`tk-8612` for Windows x86/x86-64 below 3.14 (3.14 and arm64 take tcl/tk 9,
# cpython-windows/build.py). Each applies when one of its conditions holds: substrings the
# target triple has (any) and lacks (all), and the Python minor version it is below.
_WINDOWS_TCL_8612 = {"triple_has": ["windows"], "triple_lacks": ["aarch64"], "python_below": "3.14"}
ALTERNATE_DOWNLOADS: dict[str, list[dict[str, Any]]] = {
    "libffi-3.3": [{"triple_has": ["musl"]}, {"triple_has": ["windows"], "python_below": "3.11"}],
    "tcl-8612": [_WINDOWS_TCL_8612],
    "tk-8612": [_WINDOWS_TCL_8612],
}

Runs = list[list[Any]]


_SQLITE_NUMBER = re.compile(r"3(\d{2})(\d{2})(\d{2})")  # SQLITE_VERSION_NUMBER: 3250300


def upstream_version(key: str, version: Any) -> Any:
    """The version as its project writes it, where PBS writes another form: SQLite's download
    version `3.40.0.0` (or `3250300` in release 20181218) is SQLite 3.40.0 (3.25.3), the form
    its code, its release notes and the CPE dictionary use; a fourth part that is not 0 (the
    3.8.7.x patch releases) is SQLite's own and stays."""
    if key != "sqlite" or not isinstance(version, str):
        return version
    if number := _SQLITE_NUMBER.fullmatch(version):
        major, minor, patch = (int(part) for part in number.groups())
        version = f"3.{major}.{minor}.{patch}"
    parts = version.split(".")
    return ".".join(parts[:3]) if len(parts) == 4 and parts[3] == "0" else version


def _runs(values: Mapping[str, Any], releases: list[str]) -> Runs:
    """[[first_tag, last_tag, value], ...] over consecutive releases with the same value."""
    runs: Runs = []
    for tag in releases:
        if tag not in values:
            continue
        value = values[tag]
        if runs and runs[-1][2] == value and releases.index(runs[-1][1]) == releases.index(tag) - 1:
            runs[-1][1] = tag
        else:
            runs.append([tag, tag, value])
    return runs


def build(release_components: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> dict[str, Any]:
    releases = sorted(release_components)
    versions: dict[str, dict[str, Any]] = {}
    alternates: dict[str, dict[str, dict[str, Any]]] = {}  # component -> download -> tag
    early: dict[str, dict[str, Any]] = {}  # versions of releases without license keys
    licenses: dict[str, dict[str, Any]] = {}
    static: dict[str, dict[str, Any]] = {}
    python: dict[str, dict[str, Any]] = {}
    packages: dict[str, dict[str, Any]] = {p: {} for p in PACKAGES}
    runtimes: dict[str, dict[str, Any]] = {r: {} for r in RUNTIME_DOWNLOADS}
    for tag in releases:
        for runtime, downloads in RUNTIME_DOWNLOADS.items():
            pinned = [release_components[tag][d] for d in downloads if d in release_components[tag]]
            if pinned and pinned[0].get("version"):
                runtimes[runtime][tag] = pinned[0]["version"]
        for download, entry in release_components[tag].items():
            version = entry.get("version")
            if download.startswith("cpython-"):
                python.setdefault(download.removeprefix("cpython-"), {})[tag] = version
                continue
            if download in PACKAGES:
                packages[download][tag] = version
                continue
            key = COMPONENT_OF_DOWNLOAD.get(download, download)
            version = upstream_version(key, version)
            if "licenses" not in entry and "library_names" not in entry:
                early.setdefault(key, {}).setdefault(tag, version)
                continue
            if download in ALTERNATE_DOWNLOADS:
                alternates.setdefault(key, {}).setdefault(download, {})[tag] = version
            else:
                versions.setdefault(key, {})[tag] = version
            licenses.setdefault(key, {})[tag] = [
                sorted(entry.get("licenses") or []),
                bool(entry.get("license_public_domain")),
            ]
            info = static.setdefault(
                key, {"library_names": set(), "license_files": set(), "downloads": set()}
            )
            info["library_names"].update(entry.get("library_names") or [])
            if entry.get("license_file"):
                info["license_files"].add(entry["license_file"])
            info["downloads"].add(download)
    for key, tags in early.items():
        if key in static:  # the same component before PBS annotated it (20190427, 20190505)
            first = min(versions[key])
            versions[key].update({tag: v for tag, v in tags.items() if tag < first})
    components = {
        key: {
            "name": DISPLAY_NAMES.get(key, key),
            "downloads": sorted(static[key]["downloads"]),
            "library_names": sorted(static[key]["library_names"]),
            "license_files": sorted(static[key]["license_files"]),
            "licenses": _runs(licenses[key], releases),
            "versions": _runs(versions[key], releases),
        }
        | (
            {
                "alternates": [
                    {"download": d, "when": ALTERNATE_DOWNLOADS[d], "versions": _runs(v, releases)}
                    for d, v in sorted(alternates[key].items())
                ]
            }
            if key in alternates
            else {}
        )
        for key in sorted(static)
    }
    return {
        "about": "Derived by licscan.pbs.catalog_build from python-build-standalone's "
        "pythonbuild/downloads.py at every release tag. Runs are [first_tag, last_tag, value].",
        "releases": releases,
        "components": components,
        "python": {minor: _runs(v, releases) for minor, v in sorted(python.items())},
        "packages": {name: _runs(v, releases) for name, v in sorted(packages.items())},
        "runtimes": {name: _runs(v, releases) for name, v in sorted(runtimes.items())},
    }


def render(catalog: Mapping[str, Any]) -> str:
    return json.dumps(catalog, indent=1, sort_keys=False) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    source, target = (Path(a) for a in argv)
    catalog = build(json.loads(source.read_text(encoding="utf-8")))
    target.write_text(render(catalog), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

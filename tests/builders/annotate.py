"""The two PBS license writers, run over a release's `downloads.py` data (spec 2.5).

Unix: every link name is matched against the `library_names` of every annotated download
(`pythonbuild/utils.py::add_licenses_to_extension_entry`), so `crypto` matches both OpenSSL
entries from 20231002 and `z` matches zlib and zlib-ng from 20250517. The historical
writer ignored `libressl` in builds that used OpenSSL (`ignore_keys = {"libressl"}`).
Windows: a hand-curated extension -> download map; `license_public_domain` is copied with
`.get()`, so it is JSON null for ordinary entries; in-core extensions get no keys.
"""

from __future__ import annotations

from typing import Any

from .shared import JSON, minor_tuple, release_components


def annotate_unix(entry: JSON, release: str, ignore: tuple[str, ...] = ("libressl",)) -> None:
    """Add licenses / license_paths / license_public_domain to one extension variant."""
    licenses: set[str] = set()
    paths: set[str] = set()
    public_domain = False
    matched = False
    for link in entry["links"]:
        for key, download in release_components(release).items():
            if key in ignore or "licenses" not in download:
                continue
            if link["name"] in download.get("library_names", []):
                matched = True
                licenses.update(download["licenses"])
                paths.add(f"licenses/{download['license_file']}")
                public_domain = bool(download.get("license_public_domain", False))
    if matched:
        entry["licenses"] = sorted(licenses)
        entry["license_paths"] = sorted(paths)
        entry["license_public_domain"] = public_domain


def windows_download_keys(extension: str, minor: str, release: str) -> list[str]:
    """The downloads `cpython-windows/build.py` credits for an extension."""
    comps = release_components(release)

    def first(*keys: str) -> list[str]:
        return [next((k for k in keys if k in comps), keys[-1])]

    old = minor_tuple(minor) <= (3, 10)
    new_tk = minor_tuple(minor) >= (3, 14)
    table: dict[str, list[str]] = {
        "_bz2": ["bzip2"],
        "_ctypes": ["libffi"],
        "_lzma": ["xz"],
        "_sqlite3": ["sqlite"],
        "_uuid": ["uuid"],
        "_zstd": ["zstd"],
        "zlib": first("zlib-ng", "zlib") if new_tk else ["zlib"],
        "_tkinter": (
            ["tcl", "tk"] if new_tk else [*first("tcl-8612", "tcl"), *first("tk-8612", "tk")]
        )
        + ["tix"],
    }
    openssl = (
        first("openssl-1.1", "openssl") if old else first("openssl-3.5", "openssl-3.0", "openssl")
    )
    table["_hashlib"] = table["_ssl"] = openssl
    return [k for k in table.get(extension, []) if k in comps]


def annotate_windows(entry: JSON, extension: str, minor: str, release: str) -> None:
    if entry.get("in_core"):
        return
    keys = windows_download_keys(extension, minor, release)
    if not keys:
        return
    comps = release_components(release)
    licenses: set[str] = set()
    paths: set[str] = set()
    public_domain: Any = None
    for key in keys:
        licenses.update(comps[key]["licenses"])
        paths.add(f"licenses/{comps[key]['license_file']}")
        public_domain = comps[key].get("license_public_domain")
    entry["licenses"] = sorted(licenses)
    entry["license_paths"] = sorted(paths)
    entry["license_public_domain"] = public_domain

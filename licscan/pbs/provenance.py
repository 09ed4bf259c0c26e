"""Which PBS release an archive comes from: the file name's tag, else a window the contents allow.

The contents narrow the candidate releases by the exact CPython version, the PYTHON.json format
version and the pip version in site-packages, each of which PBS pinned per release.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from licscan.model import AssetName, PythonJson, ReleaseInfo, ReleaseSource
from licscan.pbs.catalog import Catalog

# PYTHON.json format version -> (first release, last release) (pbs-spec.md 2.2)
FORMAT_RELEASES = {
    "0": ("20190427", "20190427"),
    "1": ("20190505", "20190505"),
    "2": ("20190617", "20200408"),  # Windows stayed at 2 until 20200408
    "3": ("20190816", "20200408"),
    "4": ("20200216", "20200408"),
    "5": ("20200418", "20201006"),
    "6": ("20201020", "20210303"),
    "7": ("20210325", "20240909"),
    "8": ("20241002", "99999999"),
}

_PIP = re.compile(r"/site-packages/pip-([^/]+)\.dist-info/")


def pip_version(member_names: Iterable[str]) -> str | None:
    for name in member_names:
        match = _PIP.search(name)
        if match:
            return match.group(1)
    return None


def infer_release(
    asset: AssetName | None,
    metadata: PythonJson | None,
    member_names: Iterable[str],
    catalog: Catalog,
    *,
    python_version: str | None = None,
    build_release: tuple[str, str] | None = None,
) -> ReleaseInfo:
    """Release from the file name when it has one, else the window the contents allow.

    `python_version`: the exact CPython version when no PYTHON.json says it (patchlevel.h);
    `build_release`: (tag, where) from a file of the installation that names its release."""
    if asset is not None and asset.release:
        if asset.build_stamp is None:
            return ReleaseInfo(
                ReleaseSource.FILE_NAME,
                tag=asset.release,
                detail=f"release tag +{asset.release} in the file name",
            )
        earlier = [t for t in catalog.releases if t <= asset.release]
        tag = earlier[-1] if earlier else asset.release
        return ReleaseInfo(
            ReleaseSource.FILE_NAME,
            tag=tag,
            detail=f"build stamp {asset.build_stamp} in the file name (release {tag})",
        )
    if build_release is not None:
        tag, where = build_release
        return ReleaseInfo(
            ReleaseSource.BUILD_FILE,
            tag=tag,
            earliest=tag,
            latest=tag,
            detail=f"{where} names release {tag}",
        )
    candidates = set(catalog.releases)
    reasons: list[str] = []
    python_version = (metadata.python_version if metadata else None) or python_version
    if python_version:
        minor = ".".join(python_version.split(".")[:2])
        runs = catalog.python.get(minor, ())
        tags = set(catalog.releases_with(runs, python_version))
        if tags:
            candidates &= tags
            reasons.append(f"CPython {python_version}")
    if metadata is not None and metadata.format_version in FORMAT_RELEASES:
        first, last = FORMAT_RELEASES[metadata.format_version]
        candidates &= set(catalog.releases_between(first, last))
        reasons.append(f"PYTHON.json format {metadata.format_version}")
    pip = pip_version(member_names)
    if pip:
        tags = set(catalog.releases_with(catalog.packages.get("pip", ()), pip))
        if tags & candidates:
            candidates &= tags
            reasons.append(f"pip {pip}")
    if not reasons or not candidates:
        return ReleaseInfo(
            ReleaseSource.UNKNOWN,
            detail="the file name has no release tag and the contents match no known release",
        )
    ordered = sorted(candidates)
    if len(ordered) == 1:
        return ReleaseInfo(
            ReleaseSource.CONTENTS,
            tag=ordered[0],
            earliest=ordered[0],
            latest=ordered[0],
            detail=f"only release {ordered[0]} ships {', '.join(reasons)}",
        )
    return ReleaseInfo(
        ReleaseSource.CONTENTS,
        earliest=ordered[0],
        latest=ordered[-1],
        detail=f"releases {ordered[0]} to {ordered[-1]} ship {', '.join(reasons)}",
    )

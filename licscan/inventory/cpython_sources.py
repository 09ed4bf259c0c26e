"""Libraries CPython's own source tree bundles (expat, libmpdec, HACL*, mimalloc, ...).

The facts are per CPython minor version, from the CPython source tree (`data/cpython-bundled.json`),
like a catalog: licscan does not read them from the binaries here. On Unix PBS builds its own
expat and mpdecimal from release 20230116 and annotates them in PYTHON.json; then the bundled
copy is not compiled in and no component is listed for it.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from licscan.inventory.context import Context
from licscan.inventory.license_files import LicenseFiles
from licscan.inventory.packages import declared_license
from licscan.model import Component, ComponentKind, Shipping
from licscan.pbs import python_minor
from licscan.resources import data_dir


@cache
def _families() -> tuple[dict[str, Any], ...]:
    data = json.loads((data_dir() / "cpython-bundled.json").read_text(encoding="utf-8"))
    return tuple(data["families"])


def _tuple(text: str) -> tuple[int, int]:
    major, minor = text.split(".")
    return int(major), int(minor)


def _platform(triple: str | None) -> str | None:
    where = (triple or "").lower()
    if not where:
        return None
    if "windows" in where:
        return "windows"
    return "macos" if "apple" in where or "macos" in where else "linux"


def components(
    ctx: Context, files: LicenseFiles, python_version: str | None, triple: str | None
) -> list[Component]:
    """One component per bundled family in this CPython minor that PBS compiles in."""
    minor = python_minor(python_version)
    platform = _platform(triple)
    if minor is None or platform is None:
        return []
    label = f"{minor[0]}.{minor[1]}"
    found: list[Component] = []
    for family in _families():
        if minor < _tuple(family["python_from"]):
            continue
        if family["python_to"] is not None and minor > _tuple(family["python_to"]):
            continue
        use = _pbs_use(ctx, family, platform)
        if use is None:
            continue
        found.append(_component(ctx, files, family, label, use))
    return sorted(found, key=lambda c: c.key)


def _pbs_use(ctx: Context, family: dict[str, Any], platform: str) -> str | None:
    """Why the bundled copy is compiled in, or None when PBS links its own build instead."""
    own = family.get("pbs_own_build")
    if not own or platform not in own["platforms"]:
        return "PBS compiles CPython's bundled copy on this platform"
    if own["component"] in ctx.drafts:
        return None  # PYTHON.json annotates PBS's own build: that component describes it
    if ctx.metadata is not None:
        return (
            f"PYTHON.json annotates no PBS-built {own['component']}, so the bundled copy is "
            f"compiled in (PBS builds its own from release {own['from_release']})"
        )
    newest = ctx.release.newest
    if newest is not None and newest < own["from_release"]:
        return (
            f"release {newest} is before {own['from_release']}, when PBS began to build "
            f"its own {own['component']}"
        )
    return None


def _own_texts(ctx: Context, family: dict[str, Any]) -> list[str]:
    """The license texts in python/licenses/ of the library this code is a copy of (expat,
    mpdecimal: `pbs_own_build`'s component), which PBS ships in every archive: they cover
    CPython's copy as well, so they are not texts of code that is absent."""
    own = (family.get("pbs_own_build") or {}).get("component")
    entry = ctx.catalog.components.get(own) if own else None
    if entry is None:
        return []
    return [
        f"licenses/{name}"
        for name in entry.license_files
        if f"python/licenses/{name}" in ctx.member_names
    ]


def _component(
    ctx: Context, files: LicenseFiles, family: dict[str, Any], label: str, use: str
) -> Component:
    declared = declared_license({"license-expression": [family["license"]]})
    paths: list[str] = []
    notes = [f"{family['source_path']} in the CPython {label} source tree; {use}"]
    license_path = ctx.metadata.license_path if ctx.metadata is not None else None
    if family["in_license_cpython"] and license_path:
        paths.append(license_path)
        notes.append(f"its license text is a section of {license_path}")
    elif not family["in_license_cpython"]:
        notes.append(
            "PBS's LICENSE.cpython.txt has no section for it (see CPython's Doc/license.rst)"
        )
    for own in _own_texts(ctx, family):  # the project's own text, as PBS ships it for its builds
        paths.append(own)
        notes.append(f"its project's own license text is {own}")
    if family.get("detail"):
        notes.append(family["detail"])
    if family["used_by"]:
        notes.append(f"compiled into {', '.join(family['used_by'])}")
    version = family["version_by_minor"].get(label)
    return Component(
        key=family["key"],
        name=family["name"],
        kind=ComponentKind.LIBRARY,
        shipping=Shipping.BUNDLED,
        declared=declared,
        concluded=declared,
        version=version,
        version_source=f"CPython {label} source tree" if version else "",
        license_files=tuple(files.status(p) for p in paths),
        notes=(
            f"facts from the CPython {label} source tree (data/cpython-bundled.json), "
            "not read from the binaries",
            *notes,
        ),
    )

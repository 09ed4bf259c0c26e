"""Python packages installed in site-packages (pip, setuptools, ...), from their dist-info."""

from __future__ import annotations

import json
import re
from email.parser import BytesHeaderParser
from functools import cache

from licscan.errors import MetadataError
from licscan.inventory.license_files import LicenseFiles
from licscan.model import (
    ArchiveContents,
    Component,
    ComponentKind,
    Flavor,
    License,
    MemberKind,
    Shipping,
)
from licscan.read import DEFAULT_LIMITS, Limits, exceeded, layout
from licscan.resources import data_dir
from licscan.spdx import NOASSERTION, licensing, normalize, plain_terms


@cache
def _classifiers() -> dict[str, str]:
    """Trove license classifier -> SPDX id (data/classifiers.json)."""
    data = json.loads((data_dir() / "classifiers.json").read_text(encoding="utf-8"))
    return dict(data["classifiers"])


def canonical_name(name: str) -> str:
    """PEP 503 normalized project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_license(headers: dict[str, list[str]]) -> License:
    """From License-Expression (PEP 639), else a License field that is SPDX, else classifiers."""
    expression = (headers.get("license-expression") or [""])[0].strip()
    if expression:
        return _expression(expression)
    field = (headers.get("license") or [""])[0].strip()
    if field and "\n" not in field and len(field) < 100:
        parsed = _expression(field)
        if not parsed.invalid:
            return parsed
    ids = sorted(
        {
            _classifiers()[c.strip()]
            for c in headers.get("classifier", [])
            if c.strip() in _classifiers()
        }
    )
    if ids:
        return normalize(ids)
    return License(expression=NOASSERTION, written=(field,) if field else None)


def _expression(text: str) -> License:
    plain = plain_terms(text)
    if plain is not None:  # what the parser writes back for it, without the parser
        written = " AND ".join(i if e is None else f"{i} WITH {e}" for i, e in plain)
        return License(expression=written, written=(text,))
    from license_expression import ExpressionError  # the parser's module: only for the parser

    try:
        parsed = licensing().parse(text, validate=True, strict=True)
    except ExpressionError:
        return normalize([text])
    return License(expression=str(parsed), written=(text,))


def metadata_headers(
    data: bytes, member: str = "METADATA", limits: Limits = DEFAULT_LIMITS
) -> dict[str, list[str]]:
    """Lower-cased METADATA header names -> their values, in order; each name and value
    within the limit string_bytes (they reach every output: a 25 MiB Name is refused)."""
    message = BytesHeaderParser().parsebytes(data)
    found: dict[str, list[str]] = {}
    for key, value in message.items():
        text = str(value)
        longest = max(len(key), len(text))
        if longest > limits.string_bytes:
            what = f"a header of {longest:,} characters"
            raise exceeded(member, what, "string_bytes", limits, MetadataError)
        found.setdefault(key.lower(), []).append(text)
    return found


def metadata_authors(headers: dict[str, list[str]]) -> tuple[str, ...]:
    """The names in Author, Maintainer, Author-email and Maintainer-email, in that order."""
    names: list[str] = []
    for key in ("author", "maintainer"):
        names += [v.strip() for v in headers.get(key, []) if v.strip()]
    for key in ("author-email", "maintainer-email"):
        for value in headers.get(key, []):
            for address in value.split(","):
                name = address.split("<", 1)[0].strip().strip('"')
                if name and "@" not in name:
                    names.append(name)
    return tuple(dict.fromkeys(n for n in names if n.upper() not in ("UNKNOWN", "NONE")))


def _by_folder(names: list[str], folders: list[str]) -> dict[str, list[str]]:
    """The names under each folder (every one ends `.dist-info/`), in one pass over the
    names: 20,000 dist-info folders must not be quadratic."""
    wanted = set(folders)
    inside: dict[str, list[str]] = {}
    for name in names:
        at = name.find(".dist-info/")
        while at >= 0:
            folder = name[: at + len(".dist-info/")]
            if folder in wanted:
                inside.setdefault(folder, []).append(name)
            at = name.find(".dist-info/", at + 1)
    return inside


def components(
    contents: ArchiveContents,
    flavor: Flavor,
    files: LicenseFiles,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Component]:
    """One component per dist-info in the installation's site-packages, sorted by name."""
    prefix = layout.install_prefix(flavor)
    names = [m.name for m in contents.members if m.name.startswith(prefix)]
    folders = {m.name for m in contents.members if m.kind is MemberKind.DIRECTORY}
    found: list[Component] = []
    dist_infos = layout.dist_info_dirs(names)
    if len(dist_infos) > limits.packages:
        raise exceeded(
            contents.source, f"{len(dist_infos):,} dist-info folders", "packages", limits
        )
    inside = _by_folder(names, dist_infos)
    for folder in dist_infos:
        metadata = contents.kept.get(folder + "METADATA")
        where = f"{contents.source}: {folder}METADATA"
        headers = metadata_headers(metadata, where, limits) if metadata is not None else {}
        stem = folder.rstrip("/").rsplit("/", 1)[-1].removesuffix(".dist-info")
        given = (headers.get("name") or [""])[0].strip()  # an empty Name: is no name
        name = given or stem.split("-", 1)[0].strip() or "unnamed"
        version = (headers.get("version") or [stem.split("-", 1)[-1] if "-" in stem else ""])[0]
        license_paths = sorted(
            layout.relative(n)
            for n in inside.get(folder, ())
            if layout.keep(n) and n not in folders and not n.endswith("/METADATA")
        )
        declared = declared_license(headers)
        found.append(
            Component(
                key=f"pypi/{canonical_name(name)}",
                name=name,
                kind=ComponentKind.PYTHON_PACKAGE,
                shipping=Shipping.BUNDLED,
                declared=declared,
                concluded=declared,
                version=version.strip() or None,
                version_source="dist-info METADATA" if metadata is not None else "dist-info name",
                license_files=tuple(files.status(p) for p in license_paths),
                notes=() if metadata is not None else (f"{folder}METADATA is missing",),
                authors=metadata_authors(headers),
            )
        )
    return sorted(found, key=lambda c: c.key)

"""Disputed licenses (data/disputes.json) attached to the components they concern, and the
manifest `licscan strip` leaves in a distribution it wrote (python/LICSCAN-STRIPPED.json)."""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from licscan.errors import MetadataError
from licscan.model import (
    Component,
    DisputeSource,
    LicenseDispute,
    LicenseReading,
    Stripped,
)
from licscan.resources import data_dir

STRIP_MANIFEST_FORMAT = "licscan/stripped/1"


def _reading(raw: Mapping[str, Any]) -> LicenseReading:
    return LicenseReading(
        expression=str(raw["license"]),
        basis=str(raw["basis"]),
        sources=tuple(
            DisputeSource(str(s["document"]), str(s["says"]), str(s.get("url", "")))
            for s in raw.get("sources", [])
        ),
    )


@cache
def known_disputes() -> tuple[LicenseDispute, ...]:
    """Every dispute licscan knows, in the data file's order."""
    raw = json.loads((data_dir() / "disputes.json").read_text(encoding="utf-8"))
    return tuple(
        LicenseDispute(
            id=str(d["id"]),
            component=str(d["component"]),
            versions=tuple(str(v) for v in d["versions"]),
            summary=str(d["summary"]),
            shipped=_reading(d["shipped"]),
            other=_reading(d["other"]),
        )
        for d in raw["disputes"]
    )


def disputes_for(component: Component) -> tuple[LicenseDispute, ...]:
    """The disputes about this component's version; an unknown version may be concerned."""
    found = []
    for dispute in known_disputes():
        if dispute.component != component.key:
            continue
        if component.version is None:
            found.append(replace(dispute, version_known=False))
        elif any(fnmatch.fnmatchcase(component.version, v) for v in dispute.versions):
            found.append(dispute)
    return tuple(found)


def attach(components: Iterable[Component]) -> list[Component]:
    """The components, each with the disputes about it."""
    return [replace(c, disputes=found) if (found := disputes_for(c)) else c for c in components]


def read_manifest(raw: bytes | None, member: str) -> Stripped | None:
    """What `licscan strip` recorded; a manifest licscan cannot read is a MetadataError."""
    if raw is None:
        return None
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("format") != STRIP_MANIFEST_FORMAT:
            raise ValueError(f"its format is not {STRIP_MANIFEST_FORMAT}")
        removed = data["removed"]
        return Stripped(
            member=member,
            removed=tuple(str(r["member"]) for r in removed),
            extensions=tuple(sorted({str(r["extension"]) for r in removed if r.get("extension")})),
            components=tuple(str(c) for c in data.get("components", [])),
            reasons=tuple(str(r) for r in data.get("reasons", [])),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise MetadataError(f"{member} (written by licscan strip) cannot be read: {exc}") from None

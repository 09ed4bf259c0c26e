"""Renderers: one module per output format, all with the same signature.

Each format module defines `render(report: Report, context: RenderContext) -> bytes`.
Renderers never re-read the archive: everything comes from the Report.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from licscan.errors import UsageError
from licscan.judge import dispute_phrase, dispute_sources
from licscan.model import Component, LicenseDispute, LicenseFile, Report


@dataclass(frozen=True)
class RenderContext:
    """Deterministic inputs every renderer may use besides the report."""

    timestamp: datetime  # from SOURCE_DATE_EPOCH, else the archive's newest member mtime
    tool_version: str
    timestamp_source: str = ""  # "SOURCE_DATE_EPOCH", "archive" or "" (given by the caller)

    @classmethod
    def for_report(cls, report: Report, tool_version: str) -> RenderContext:
        epoch = source_date_epoch()
        if epoch is not None:
            seconds, source = epoch, "SOURCE_DATE_EPOCH"
        else:
            seconds, source = report.inventory.archive.max_mtime or 0, "archive"
        return cls(utc_time(seconds), tool_version, source)


def source_date_epoch() -> int | None:
    """`SOURCE_DATE_EPOCH` as seconds, None when unset or empty. A malformed value is an error,
    as the reproducible-builds specification asks, never silently replaced by another time."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 15:
        shown = raw if len(raw) <= 40 else raw[:37] + "..."
        raise UsageError(
            f"SOURCE_DATE_EPOCH is {shown!r}: it must be the whole number of seconds since "
            "1970-01-01 00:00 UTC (e.g. 1704067200), or unset"
        )
    return int(raw)


MAX_SECONDS = 253402300799  # 9999-12-31T23:59:59Z, the last second datetime holds


def utc_time(seconds: int) -> datetime:
    """The UTC time `seconds` after the epoch, clamped into what datetime can hold."""
    return datetime.fromtimestamp(min(max(seconds, 0), MAX_SECONDS), tz=timezone.utc)


def iso_timestamp(moment: datetime) -> str:
    """UTC, second precision, `Z` suffix: `2024-04-15T12:00:00Z`."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


Renderer = Callable[[Report, RenderContext], bytes]


def code_seen(component: Component) -> list[str]:
    """Where the component's code was seen in installed binaries, one line each."""
    lines = []
    for s in component.sightings:
        if s.installed:
            version = f" {s.version}" if s.version else ""
            lines.append(f"{s.member.removeprefix('python/')} ({s.family}{version})")
    return sorted(set(lines))


def text_identity(file: LicenseFile) -> str:
    """What licenseclassifier recognized the text as, in words ("" when nothing)."""
    if not file.identified:
        return ""
    ids = ", ".join(file.identified)
    return ids if file.identified_whole else f"in part {ids} (not the whole text)"


def identified_texts(files: tuple[LicenseFile, ...]) -> str:
    """ "path: identity" for every identified text, joined with "; "."""
    return "; ".join(f"{f.path}: {text_identity(f)}" for f in files if f.identified)


def dispute_text(dispute: LicenseDispute, *, sources: bool = True) -> str:
    """'license disputed (berkeley-db): Sleepycat per ...; disputed: AGPL-3.0-only per ...',
    then every source of both readings (document, URL, what it says)."""
    text = f"license disputed ({dispute.id}): {dispute_phrase(dispute)}"
    if sources:
        text += ". Sources: " + " | ".join(dispute_sources(dispute))
    return text

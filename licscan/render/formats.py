"""The output formats: name -> (renderer, file suffix). The CLI and the API look formats up here."""

from __future__ import annotations

from typing import NamedTuple

from licscan.errors import UsageError
from licscan.model import Report
from licscan.render import cyclonedx, html, json, notice, spdx
from licscan.render.context import RenderContext, Renderer
from licscan.version import __version__


class Format(NamedTuple):
    renderer: Renderer
    suffix: str  # appended to the archive's base name when writing to a directory


FORMATS: dict[str, Format] = {
    "json": Format(json.render, ".licscan.json"),
    "notice": Format(notice.render, ".NOTICE.txt"),
    "cyclonedx": Format(cyclonedx.render, ".cdx.json"),
    "spdx": Format(spdx.render, ".spdx.json"),
    "html": Format(html.render, ".review.html"),
}


def lookup(fmt: str) -> Format:
    """The format named `fmt`; a UsageError naming the choices when there is none."""
    try:
        return FORMATS[fmt]
    except (KeyError, TypeError):
        raise UsageError(
            f"unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}"
        ) from None


def render_format(report: Report, fmt: str) -> bytes:
    """One output format of a report, rendered with the deterministic context."""
    renderer = lookup(fmt).renderer
    return renderer(report, RenderContext.for_report(report, __version__))

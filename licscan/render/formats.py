"""The output formats: name -> (renderer, file suffix). The CLI and the API look formats up here."""

from __future__ import annotations

from typing import NamedTuple

from licscan.errors import UsageError
from licscan.model import Report
from licscan.render.context import RenderContext, Renderer
from licscan.spdx import licensing_lent
from licscan.version import __version__


class Format(NamedTuple):
    renderer: Renderer
    suffix: str  # appended to the archive's base name when writing to a directory


# Each renderer module is imported when its format is first rendered: spdx-tools, the
# CycloneDX library and jinja2 cost more to import than most scans take.
def _json(report: Report, context: RenderContext) -> bytes:
    from licscan.render import json

    return json.render(report, context)


def _notice(report: Report, context: RenderContext) -> bytes:
    from licscan.render import notice

    return notice.render(report, context)


def _cyclonedx(report: Report, context: RenderContext) -> bytes:
    with licensing_lent():  # the SBOM library gets licscan's SPDX licensing object
        from licscan.render import cyclonedx

    return cyclonedx.render(report, context)


def _spdx(report: Report, context: RenderContext) -> bytes:
    with licensing_lent():  # the SBOM library gets licscan's SPDX licensing object
        from licscan.render import spdx

    return spdx.render(report, context)


def _spdx3(report: Report, context: RenderContext) -> bytes:
    with licensing_lent():  # the SBOM library gets licscan's SPDX licensing object
        from licscan.render import spdx3

    return spdx3.render(report, context)


def _html(report: Report, context: RenderContext) -> bytes:
    from licscan.render import html

    return html.render(report, context)


FORMATS: dict[str, Format] = {
    "json": Format(_json, ".licscan.json"),
    "notice": Format(_notice, ".NOTICE.txt"),
    "cyclonedx": Format(_cyclonedx, ".cdx.json"),
    "spdx": Format(_spdx, ".spdx.json"),
    "spdx3": Format(_spdx3, ".spdx3.jsonld"),
    "html": Format(_html, ".review.html"),
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

"""The gate result for CI (`licscan check --format`): json, sarif, junit.

Unlike the report formats, a gate document covers every installation a container holds (one
`Report` each), so CI reads one file, and every input that could not be read (`bad_inputs`:
(input, one-line error) pairs, from `licscan check A B ...`). Each format module defines
`render(reports: Sequence[Report], context: RenderContext, bad_inputs: BadInputs) -> bytes`;
`GATE_FORMATS` names them and `render_gate` renders one with the deterministic context.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from licscan.errors import UsageError
from licscan.model import Report
from licscan.render.context import RenderContext
from licscan.render.gate_view import BadInputs
from licscan.version import __version__

GateRenderer = Callable[[Sequence[Report], RenderContext, BadInputs], bytes]


class GateFormat(NamedTuple):
    renderer: GateRenderer
    suffix: str  # appended to the archive's base name beside the reports (`licscan report`)


def _json(reports: Sequence[Report], context: RenderContext, bad: BadInputs) -> bytes:
    from licscan.render import gate_json

    return gate_json.render(reports, context, bad)


def _sarif(reports: Sequence[Report], context: RenderContext, bad: BadInputs) -> bytes:
    from licscan.render import sarif

    return sarif.render(reports, context, bad)


def _junit(reports: Sequence[Report], context: RenderContext, bad: BadInputs) -> bytes:
    from licscan.render import junit

    return junit.render(reports, context, bad)


GATE_FORMATS: dict[str, GateFormat] = {
    "json": GateFormat(_json, ".check.json"),
    "sarif": GateFormat(_sarif, ".check.sarif"),
    "junit": GateFormat(_junit, ".check.junit.xml"),
}


def gate_context(reports: Sequence[Report], tool_version: str = __version__) -> RenderContext:
    """The deterministic context of several reports: `SOURCE_DATE_EPOCH`, else the newest
    member time of any of them (they usually come from one container)."""
    if not reports:
        raise UsageError("a gate result needs at least one report")
    contexts = [RenderContext.for_report(r, tool_version) for r in reports]
    return max(contexts, key=lambda c: c.timestamp)


def render_gate(reports: Report | Sequence[Report], fmt: str, bad_inputs: BadInputs = ()) -> bytes:
    """The gate result of one report or several (one per installation) in format `fmt`, with
    the inputs that could not be read (which fail the gate: exit 2)."""
    listed = [reports] if isinstance(reports, Report) else list(reports)
    try:
        renderer = GATE_FORMATS[fmt].renderer
    except (KeyError, TypeError):
        raise UsageError(
            f"unknown gate format {fmt!r}: choose one of {', '.join(GATE_FORMATS)}"
        ) from None
    return renderer(listed, gate_context(listed), tuple(bad_inputs))

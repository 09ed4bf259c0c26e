"""What the many-input commands keep of an installation once its outputs are rendered: its
summary row (`Brief`: the summary table, the progress line, the exit code) and its JSON Lines
line (`json_line`). Both are small: a worker process sends them instead of the whole report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from licscan.model import Report
from licscan.render.context import RenderContext
from licscan.render.gate_view import release_text
from licscan.version import __version__


@dataclass(frozen=True)
class Brief:
    """One installation as the summary of several inputs shows it."""

    root: str  # its path in the container ("" or "python" for the archive's own)
    python_version: str | None
    target_triple: str | None
    release: str  # `20240415`, `20221220..20230116` or `unknown`
    status: str  # pass, needs review, fails policy
    passed: bool  # the gate's answer


def brief(report: Report) -> Brief:
    inventory, verdict = report.inventory, report.verdict
    return Brief(
        inventory.archive.root,
        inventory.python_version,
        inventory.target_triple,
        release_text(inventory),
        verdict.status,
        verdict.passed,
    )


def json_line(report: Report) -> bytes:
    """The report's JSON document (`render_format(report, "json")`) on one line, compact,
    with a newline: the same values in the same order, byte for byte what re-encoding that
    document gives, without writing it indented and parsing it back."""
    from licscan.render import json as json_format

    document = json_format.to_document(report, RenderContext.for_report(report, __version__))
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8", "backslashreplace") + b"\n"

"""The index page of a multi-input report folder (`licscan report A B -o DIR`): DIR/index.html.

One self-contained page, like the review page: every value goes through jinja2 autoescaping,
links are relative and percent-encoded, the inline style is a static file whose sha256 is the
only style the Content-Security-Policy allows, and there is no script. One row per
installation of each input (input, root, version, triple, release, verdict, its review page),
and a row for each input that could not be read, with the error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from licscan.model import Inventory, Report
from licscan.render.gate import gate_context
from licscan.render.store import StoredInstallation
from licscan.version import __version__

INDEX_TEMPLATE = "index.html.j2"
INDEX_STYLE = "review/index.css"


@dataclass(frozen=True)
class IndexEntry:
    """One row: an installation's report (and the path of its review page relative to the
    index, when one was written), or an input that failed with its error."""

    input: str
    report: Report | None = None
    review: str | None = None  # "stem/stem.review.html", "/"-separated
    error: str | None = None
    stored: StoredInstallation | None = None  # --db: skipped, as an earlier run stored it


@dataclass(frozen=True)
class _Row:
    input: str
    root: str
    version: str
    triple: str
    release: str
    verdict: str
    status_class: str
    link: str | None
    error: str | None
    note: str = "none"  # the review column without a link


def _row(entry: IndexEntry) -> _Row:
    from licscan.render.html import STATUS_CLASSES, _release_text

    report, stored = entry.report, entry.stored
    if report is None and stored is not None:
        return _Row(
            input=entry.input,
            root=stored.root or ".",
            version=stored.python_version or "?",
            triple=stored.target_triple or "?",
            release=_release_text(stored.release_info()),
            verdict=stored.verdict,
            status_class=STATUS_CLASSES.get(stored.verdict, "review"),
            link=None,
            error=None,
            note="in the store (not rescanned)",
        )
    if report is None:
        error = entry.error or "not read"
        return _Row(entry.input, "", "", "", "", "bad input", "fail", None, error)
    inventory, verdict = report.inventory, report.verdict
    link = "/".join(quote(part) for part in entry.review.split("/")) if entry.review else None
    return _Row(
        input=entry.input,
        root=(inventory.archive.root or ".") + _where(inventory),
        version=inventory.python_version or "?",
        triple=inventory.target_triple or "?",
        release=_release_text(inventory.release),
        verdict=verdict.status,
        status_class=STATUS_CLASSES.get(verdict.status, "review"),
        link=link,
        error=None,
    )


def _where(inventory: Inventory) -> str:
    """(layer 2) or (offset 4,096): where in an image or executable the files were."""
    origin = inventory.archive.origin
    if origin is None:
        return ""
    if origin.offset is not None:
        return f" (offset {origin.offset:,})"
    return f" (layer {', '.join(str(la.index) for la in origin.layers)})"


def render_index(entries: Sequence[IndexEntry], tool_version: str = __version__) -> bytes:
    """The index page as UTF-8 bytes; deterministic (the time is the newest report's)."""
    from markupsafe import Markup  # jinja2 loads only when a page is rendered

    from licscan.render.html import _csp_hash, _environment, _raw_text

    rows = [_row(e) for e in entries]
    reports = [e.report for e in entries if e.report is not None]
    stored = [e.stored for e in entries if e.stored is not None]
    generated = None
    if reports:
        stamp = gate_context(reports, tool_version).timestamp
        generated = stamp.strftime("%Y-%m-%d %H:%M UTC")
    style = _raw_text(INDEX_STYLE)
    csp = f"default-src 'none'; style-src {_csp_hash(style)}; base-uri 'none'; form-action 'none'"
    counts = {
        "inputs": len({e.input for e in entries}),
        "installations": len(reports) + len(stored),
        "failing": sum(not r.verdict.passed for r in reports) + sum(not s.passed for s in stored),
        "bad": sum(e.report is None and e.stored is None for e in entries),
    }
    page = (
        _environment()
        .get_template(INDEX_TEMPLATE)
        .render(
            rows=rows,
            counts=counts,
            generated=generated,
            tool_version=tool_version,
            csp=csp,
            style=Markup(style),  # static file, checked by _raw_text; never report data
        )
    )
    return page.encode("utf-8", "backslashreplace")

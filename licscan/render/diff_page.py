"""The diff of two inputs as a page in the review page's style (`licscan diff --html FILE`).

One self-contained file like the review page: every value goes through jinja2 autoescaping,
the inline style (the review page's stylesheet and `review/diff.css`) is static and its
sha256 is the only style the Content-Security-Policy allows; there is no script. Per pair of
installations (`templates/review/diff.html.j2`, a section the review page could include):
components removed, added and changed (version, declared or concluded license, shipping),
findings new and gone with the new violations marked, and license ids new to shipped code.
The same comparison and time give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timezone

from licscan.judge import Comparison, ComponentState, Diff, new_license_ids
from licscan.model import Finding
from licscan.render import diff as pieces
from licscan.render.context import RenderContext

DIFF_TEMPLATE = "diff.html.j2"
DIFF_STYLES = ("review/review.css", "review/diff.css")
FIELD_NAMES = {
    "version": "version",
    "declared": "declared license",
    "concluded": "concluded license",
    "shipping": "shipping",
}


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    change: str  # "new" or "gone"
    violation: bool  # a policy violation of NEW that OLD did not have


@dataclass(frozen=True)
class FieldRow:
    name: str
    key: str
    field: str  # in words: "concluded license"
    old: str
    new: str


@dataclass(frozen=True)
class PairView:
    """One pair of installations (or one compared with nothing), ready for the template."""

    anchor: str
    heading: str
    diff: Diff
    paired: bool
    removed: tuple[ComponentState, ...]
    added: tuple[ComponentState, ...]
    changed: tuple[FieldRow, ...]
    findings: tuple[FindingRow, ...]
    violations: tuple[FindingRow, ...]  # the new violations (what an unpaired one shows)
    new_licenses: tuple[tuple[str, str], ...]  # (license id, component keys)

    @property
    def status_class(self) -> str:
        return "fail" if self.diff.new_violations else "pass"


def _pair(number: int, diff: Diff) -> PairView:
    violations = {(f.id, f.component) for f in diff.new_violations}
    findings = tuple(
        FindingRow(f, change, change == "new" and (f.id, f.component) in violations)
        for change, f in pieces.finding_rows(diff)
    )
    changed = tuple(
        FieldRow(c.name, c.key, FIELD_NAMES.get(f.field, f.field), f.old or "—", f.new or "—")
        for c in diff.changed
        for f in c.changes
    )
    return PairView(
        anchor=f"pair-{number}",
        heading=pieces.heading(diff),
        diff=diff,
        paired=diff.old is not None and diff.new is not None,
        removed=diff.removed,
        added=diff.added,
        changed=changed,
        findings=findings,
        violations=tuple(FindingRow(f, "new", True) for f in diff.new_violations),
        new_licenses=tuple((n.id, ", ".join(n.components)) for n in diff.new_licenses),
    )


def _title(comparison: Comparison) -> tuple[str, str]:
    """(OLD's file name, NEW's file name), from the first pair that has each side."""
    old = next((d.old.file_name for d in comparison.diffs if d.old is not None), "nothing")
    new = next((d.new.file_name for d in comparison.diffs if d.new is not None), "nothing")
    return old, new


def render_html(
    comparison: Comparison,
    context: RenderContext | None = None,
    *,
    fail_on_new_license: bool = False,
) -> bytes:
    """The diff page as UTF-8 bytes; deterministic (`SOURCE_DATE_EPOCH`, else the inputs')."""
    from markupsafe import Markup  # jinja2 loads only when a page is rendered

    from licscan.render.html import _csp_hash, _environment, _raw_text

    context = context or pieces.diff_context(comparison)
    style = "\n".join(_raw_text(name) for name in DIFF_STYLES)
    csp = f"default-src 'none'; style-src {_csp_hash(style)}; base-uri 'none'; form-action 'none'"
    pairs = [_pair(n, d) for n, d in enumerate(comparison.diffs, start=1)]
    fails = comparison.fails(fail_on_new_license=fail_on_new_license)
    timestamp = context.timestamp.astimezone(timezone.utc)
    old_name, new_name = _title(comparison)
    counts = {
        "removed": sum(len(d.removed) for d in comparison.diffs if d.old and d.new),
        "added": sum(len(d.added) for d in comparison.diffs if d.old and d.new),
        "changed": sum(len(d.changed) for d in comparison.diffs),
        "new_findings": sum(len(d.new_findings) for d in comparison.diffs),
        "gone_findings": sum(len(d.gone_findings) for d in comparison.diffs),
        "new_violations": sum(len(d.new_violations) for d in comparison.diffs),
    }
    page = (
        _environment()
        .get_template(DIFF_TEMPLATE)
        .render(
            old_name=old_name,
            new_name=new_name,
            pairs=pairs,
            counts=counts,
            fails=fails,
            status_class="fail" if fails else "pass",
            empty=comparison.empty,
            outcome=pieces.outcome(comparison, fail_on_new_license=fail_on_new_license),
            new_license_ids=new_license_ids(comparison.diffs),
            fail_on_new_license=fail_on_new_license,
            generated_iso=timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            generated_text=timestamp.strftime("%Y-%m-%d %H:%M UTC"),
            tool_version=context.tool_version,
            csp=csp,
            style=Markup(style),  # static files, checked by _raw_text; never report data
        )
    )
    return page.encode("utf-8", "backslashreplace")

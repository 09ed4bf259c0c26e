"""The diff of two inputs (`licscan diff OLD NEW`): JSON (`licscan/diff/1`) and text pieces.

`to_document` / `render_json` give the JSON document, keys in the order
`data/diff-schema.md` documents. `component_rows`, `finding_rows` and `outcome` are the
plain-text pieces the command's table and lines are made of (no markup, no colour).
"""

from __future__ import annotations

import json

from licscan.judge import Comparison, ComponentState, Diff, Side, new_license_ids
from licscan.model import Finding, JSONValue
from licscan.render.context import RenderContext, source_date_epoch, utc_time
from licscan.render.json import generator_object
from licscan.version import __version__

SCHEMA = "licscan/diff/1"

JSONObject = dict[str, JSONValue]


def _side(side: Side | None) -> JSONObject | None:
    if side is None:
        return None
    return {
        "file_name": side.file_name,
        "sha256": side.sha256,
        "root": side.root,
        "python_version": side.python_version,
        "target_triple": side.target_triple,
        "release": side.release,
        "policy": side.policy,
        "passed": side.passed,
    }


def _state(state: ComponentState) -> JSONObject:
    return {
        "key": state.key,
        "name": state.name,
        "kind": state.kind,
        "version": state.version,
        "shipping": state.shipping,
        "declared": state.declared,
        "concluded": state.concluded,
    }


def _finding(finding: Finding) -> JSONObject:
    return {
        "id": finding.id,
        "severity": finding.severity.value,
        "component": finding.component,
        "message": finding.message,
        "license": finding.license,
        "violates_policy": finding.violates_policy,
        "waived": finding.waiver is not None,
    }


def _diff(diff: Diff, fail_on_new_license: bool) -> JSONObject:
    return {
        "old": _side(diff.old),
        "new": _side(diff.new),
        "empty": diff.empty,
        "fails": diff.fails(fail_on_new_license=fail_on_new_license),
        "added": [_state(s) for s in diff.added],
        "removed": [_state(s) for s in diff.removed],
        "changed": [
            {
                "key": c.key,
                "name": c.name,
                "changes": [{"field": f.field, "old": f.old, "new": f.new} for f in c.changes],
            }
            for c in diff.changed
        ],
        "new_findings": [_finding(f) for f in diff.new_findings],
        "gone_findings": [_finding(f) for f in diff.gone_findings],
        "new_violations": [_finding(f) for f in diff.new_violations],
        "new_licenses": [
            {"id": lic.id, "components": list(lic.components)} for lic in diff.new_licenses
        ],
    }


def to_document(
    comparison: Comparison, context: RenderContext, *, fail_on_new_license: bool = False
) -> JSONObject:
    """The diff as plain JSON values, keys in the documented order."""
    return {
        "schema": SCHEMA,
        "generator": generator_object(context),
        "fail_on_new_license": fail_on_new_license,
        "fails": comparison.fails(fail_on_new_license=fail_on_new_license),
        "empty": comparison.empty,
        "new_violation_count": sum(len(d.new_violations) for d in comparison.diffs),
        "new_license_ids": list(new_license_ids(comparison.diffs)),
        "unpaired": {
            "old": [_side(s) for s in comparison.unpaired_old],
            "new": [_side(s) for s in comparison.unpaired_new],
        },
        "diffs": [_diff(d, fail_on_new_license) for d in comparison.diffs],
    }


def diff_context(comparison: Comparison, tool_version: str = __version__) -> RenderContext:
    """The deterministic context of a diff: `SOURCE_DATE_EPOCH`, else the newest member
    time of either input."""
    epoch = source_date_epoch()
    if epoch is not None:
        seconds, source = epoch, "SOURCE_DATE_EPOCH"
    else:
        sides = [s for d in comparison.diffs for s in (d.old, d.new) if s is not None]
        seconds, source = max((s.max_mtime or 0 for s in sides), default=0), "archive"
    return RenderContext(utc_time(seconds), tool_version, source)


def render_json(
    comparison: Comparison,
    context: RenderContext | None = None,
    *,
    fail_on_new_license: bool = False,
) -> bytes:
    """The JSON document, 2-space indented, UTF-8, with a trailing newline."""
    context = context or diff_context(comparison)
    document = to_document(comparison, context, fail_on_new_license=fail_on_new_license)
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode(
        "utf-8", "backslashreplace"
    )


# --------------------------------------------------------------------------- text pieces


def _describe(state: ComponentState) -> str:
    license_text = state.concluded
    if state.declared != state.concluded:
        license_text += f" (declared {state.declared})"
    return f"{state.version or '-'}, {state.shipping}, {license_text}"


def _named(name: str, key: str) -> str:
    return name if key.lower() in name.lower() else f"{name} ({key})"


def component_rows(diff: Diff) -> list[tuple[str, str, str, str]]:
    """(change, component, old, new) per row: removed, then added, then one row per field
    that changed (version, declared, concluded, shipping)."""
    rows = [("removed", _named(s.name, s.key), _describe(s), "-") for s in diff.removed]
    rows += [("added", _named(s.name, s.key), "-", _describe(s)) for s in diff.added]
    for change in diff.changed:
        for field in change.changes:
            rows.append(
                (
                    f"{field.field} changed",
                    _named(change.name, change.key),
                    field.old or "-",
                    field.new or "-",
                )
            )
    return rows


def finding_rows(diff: Diff) -> list[tuple[str, Finding]]:
    """("new" | "gone", finding): NEW's findings OLD has not, then OLD's NEW has not."""
    return [("new", f) for f in diff.new_findings] + [("gone", f) for f in diff.gone_findings]


def heading(diff: Diff) -> str:
    """Which installations are compared, in words."""
    if diff.old is None and diff.new is not None:
        return f"only in NEW (nothing in OLD to pair it with): {diff.new.label}"
    if diff.new is None and diff.old is not None:
        return f"only in OLD (nothing in NEW to pair it with): {diff.old.label}"
    assert diff.old is not None and diff.new is not None
    return f"{diff.old.label} -> {diff.new.label}"


def outcome(comparison: Comparison, *, fail_on_new_license: bool = False) -> list[str]:
    """The closing lines: new violations, new license ids, and what the exit code says."""
    lines = []
    count = sum(len(d.new_violations) for d in comparison.diffs)
    lines.append(
        f"{count} new policy violation(s)" if count else "no policy violation OLD did not have"
    )
    ids = new_license_ids(comparison.diffs)
    lines.append(
        f"new license ids of shipped code: {', '.join(ids)}"
        if ids
        else "no license id of shipped code that OLD did not have"
    )
    if comparison.fails(fail_on_new_license=fail_on_new_license):
        lines.append("diff: fails (NEW brings what OLD did not have)")
    else:
        lines.append("diff: pass")
    return lines
